package dev.mailroom.mailbox;

import java.io.InputStream;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A user's folders addressed by UID (RFC 3501 2.3.1.1), for IMAP: the same tables, locks
 * and mod-sequences as {@link MessageService}, so a change made here shows in the webmail
 * and the other way round. Every method takes the user id and touches only that user's
 * folders; a folder of someone else behaves as a missing one.
 *
 * <p>
 * Each change takes the folder rows' locks in id order (as delivery does), gives the
 * changed messages the folder's next mod-sequence and publishes {@link MailboxChanged}.
 */
@Service
public class UidStore {

	private static final String COLUMNS = """
			id, uid, modseq, seen, answered, flagged, deleted, draft, keywords, internal_date, size, content_id""";

	private final JdbcClient jdbc;

	private final MessageStore store;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	UidStore(JdbcClient jdbc, MessageStore store, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.store = store;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * The folder with its UIDVALIDITY, UIDNEXT and highest mod-sequence, if the user's.
	 */
	@Transactional(readOnly = true)
	public Optional<Folder> folder(long userId, long folderId) {
		return this.jdbc.sql("""
				select id, user_id, parent_id, name, role, uidvalidity, uidnext, highest_modseq, subscribed
				from folders where id = :id and user_id = :user
				""")
			.param("id", folderId)
			.param("user", userId)
			.query((rs, row) -> new Folder(rs.getLong("id"), rs.getLong("user_id"),
					rs.getObject("parent_id", Long.class), rs.getString("name"),
					FolderRole.fromDb(rs.getString("role")), rs.getLong("uidvalidity"), rs.getLong("uidnext"),
					rs.getLong("highest_modseq"), rs.getBoolean("subscribed")))
			.optional();
	}

	/** The folder's message counts, or empty when it is not the user's. */
	@Transactional(readOnly = true)
	public Optional<FolderCounts> counts(long userId, long folderId) {
		return this.jdbc.sql("""
				select count(m.id) as messages, count(m.id) filter (where not m.seen) as unseen,
				  coalesce(sum(m.size), 0) as size
				from folders f left join messages m on m.folder_id = f.id and m.uid is not null
				where f.id = :id and f.user_id = :user group by f.id
				""")
			.param("id", folderId)
			.param("user", userId)
			.query((rs, row) -> new FolderCounts(rs.getLong("messages"), rs.getLong("unseen"), rs.getLong("size")))
			.optional();
	}

	/** Every message of the folder, by UID. */
	@Transactional(readOnly = true)
	public List<UidMessage> messages(long userId, long folderId) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from messages where folder_id = :folder and user_id = :user and uid is not null order by uid
				""").param("folder", folderId).param("user", userId).query(UidStore::row).list();
	}

	/** These messages of the folder, by UID; UIDs no longer there are left out. */
	@Transactional(readOnly = true)
	public List<UidMessage> messages(long userId, long folderId, long[] uids) {
		if (uids.length == 0) {
			return List.of();
		}
		return this.jdbc.sql("select " + COLUMNS + """
				 from messages where folder_id = :folder and user_id = :user and uid = any(:uids) order by uid
				""")
			.param("folder", folderId)
			.param("user", userId)
			.param("uids", boxed(uids))
			.query(UidStore::row)
			.list();
	}

	/**
	 * What changed in the folder after {@code modSeq}, from one snapshot, so the count
	 * and the changes agree.
	 * @return empty when the folder is gone
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Optional<FolderChanges> changesSince(long userId, long folderId, long modSeq) {
		Optional<Long> highest = this.jdbc.sql("select highest_modseq from folders where id = :id and user_id = :user")
			.param("id", folderId)
			.param("user", userId)
			.query(Long.class)
			.optional();
		if (highest.isEmpty()) {
			return Optional.empty();
		}
		if (highest.get() <= modSeq) {
			return Optional.of(new FolderChanges(highest.get(), -1, List.of()));
		}
		long count = this.jdbc.sql("select count(*) from messages where folder_id = :folder and uid is not null")
			.param("folder", folderId)
			.query(Long.class)
			.single();
		List<UidMessage> changed = this.jdbc.sql("select " + COLUMNS + """
				 from messages where folder_id = :folder and uid is not null and modseq > :modseq order by uid
				""").param("folder", folderId).param("modseq", modSeq).query(UidStore::row).list();
		return Optional.of(new FolderChanges(highest.get(), count, changed));
	}

	/** The keywords in use in a folder, for the FLAGS of SELECT. */
	@Transactional(readOnly = true)
	public List<String> keywords(long userId, long folderId) {
		return this.jdbc.sql("""
				select distinct k from messages m, unnest(m.keywords) as k
				where m.folder_id = :folder and m.user_id = :user order by k limit 200
				""").param("folder", folderId).param("user", userId).query(String.class).list();
	}

	/**
	 * Changes the flags of messages: {@code change} gets each message's flags and gives
	 * the new ones. Only messages whose flags change get a new mod-sequence.
	 * @param unchangedSince refuse messages whose mod-sequence is above this (RFC 7162
	 * UNCHANGEDSINCE), or null
	 */
	@Transactional
	public StoreResult store(long userId, long folderId, long[] uids, UnaryOperator<MessageFlags> change,
			Long unchangedSince) {
		lockFolders(userId, folderId);
		List<UidMessage> current = messages(userId, folderId, uids);
		List<Long> modified = new ArrayList<>();
		List<UidMessage> result = new ArrayList<>();
		List<UidMessage> changing = new ArrayList<>();
		for (UidMessage message : current) {
			if (unchangedSince != null && message.modSeq() > unchangedSince) {
				modified.add(message.uid());
				continue;
			}
			MessageFlags next = change.apply(message.flags());
			if (next.equals(message.flags())) {
				result.add(message);
			}
			else {
				changing.add(new UidMessage(message.id(), message.uid(), 0, next, message.internalDate(),
						message.size(), message.contentId()));
			}
		}
		if (!changing.isEmpty()) {
			long modSeq = bump(folderId);
			this.jdbc
				.sql("""
						update messages m set seen = v.seen, answered = v.answered, flagged = v.flagged,
						  deleted = v.deleted, draft = v.draft, keywords = string_to_array(v.keywords, ' '), modseq = :modseq
						from unnest(:ids, :seen, :answered, :flagged, :deleted, :draft, :keywords)
						  as v(id, seen, answered, flagged, deleted, draft, keywords)
						where m.id = v.id
						""")
				.param("modseq", modSeq)
				.param("ids", changing.stream().map(UidMessage::id).toArray(Long[]::new))
				.param("seen", changing.stream().map((m) -> m.flags().seen()).toArray(Boolean[]::new))
				.param("answered", changing.stream().map((m) -> m.flags().answered()).toArray(Boolean[]::new))
				.param("flagged", changing.stream().map((m) -> m.flags().flagged()).toArray(Boolean[]::new))
				.param("deleted", changing.stream().map((m) -> m.flags().deleted()).toArray(Boolean[]::new))
				.param("draft", changing.stream().map((m) -> m.flags().draft()).toArray(Boolean[]::new))
				.param("keywords",
						changing.stream().map((m) -> String.join(" ", m.flags().keywords())).toArray(String[]::new))
				.update();
			for (UidMessage message : changing) {
				result.add(new UidMessage(message.id(), message.uid(), modSeq, message.flags(), message.internalDate(),
						message.size(), message.contentId()));
			}
			result.sort((a, b) -> Long.compare(a.uid(), b.uid()));
			changed(userId);
		}
		return new StoreResult(result, modified);
	}

	/**
	 * Copies messages into another folder of the user, with their flags; the copies get
	 * the target's next UIDs in the order of the source UIDs.
	 * @throws MailboxException NOT_FOUND when either folder is not the user's
	 */
	@Transactional
	public UidMapping copy(long userId, long folderId, long[] uids, long targetFolderId) {
		return transfer(userId, folderId, uids, targetFolderId, false);
	}

	/**
	 * Moves messages into another folder (RFC 6851): each gets the target's next UID, in
	 * the order of the source UIDs, and is gone from the source.
	 * @throws MailboxException NOT_FOUND when either folder is not the user's
	 */
	@Transactional
	public UidMapping move(long userId, long folderId, long[] uids, long targetFolderId) {
		return transfer(userId, folderId, uids, targetFolderId, true);
	}

	private UidMapping transfer(long userId, long folderId, long[] uids, long targetFolderId, boolean move) {
		lockFolders(userId, folderId, targetFolderId);
		long uidValidity = folder(userId, targetFolderId).map(Folder::uidValidity).orElseThrow();
		List<UidMessage> sources = messages(userId, folderId, uids);
		if (sources.isEmpty() || (move && folderId == targetFolderId)) {
			return new UidMapping(uidValidity, List.of(), List.of());
		}
		record Bumped(long base, long modSeq) {
		}
		Bumped bumped = this.jdbc.sql("""
				update folders set uidnext = uidnext + :n, highest_modseq = highest_modseq + 1 where id = :id
				returning uidnext - :n as base, highest_modseq
				""")
			.param("n", sources.size())
			.param("id", targetFolderId)
			.query((rs, row) -> new Bumped(rs.getLong("base"), rs.getLong("highest_modseq")))
			.single();
		Long[] ids = sources.stream().map(UidMessage::id).toArray(Long[]::new);
		List<Long> targetUids;
		if (move) {
			bump(folderId);
			targetUids = this.jdbc.sql("""
					update messages m set folder_id = :target, uid = :base + v.k - 1, modseq = :modseq
					from unnest(:ids) with ordinality as v(id, k)
					where m.id = v.id and m.folder_id = :source
					returning m.uid
					""")
				.param("target", targetFolderId)
				.param("source", folderId)
				.param("base", bumped.base())
				.param("modseq", bumped.modSeq())
				.param("ids", ids)
				.query(Long.class)
				.list();
		}
		else {
			targetUids = this.jdbc.sql("""
					insert into messages (user_id, folder_id, content_id, uid, modseq, internal_date, size, seen,
					  answered, flagged, deleted, draft, keywords, thread_id)
					select m.user_id, :target, m.content_id, :base + v.k - 1, :modseq, m.internal_date, m.size, m.seen,
					  m.answered, m.flagged, m.deleted, m.draft, m.keywords, m.thread_id
					from unnest(:ids) with ordinality as v(id, k) join messages m on m.id = v.id
					returning uid
					""")
				.param("target", targetFolderId)
				.param("base", bumped.base())
				.param("modseq", bumped.modSeq())
				.param("ids", ids)
				.query(Long.class)
				.list();
		}
		List<Long> sourceUids = new ArrayList<>();
		List<Long> sorted = new ArrayList<>(targetUids);
		sorted.sort(Long::compare);
		for (long target : sorted) {
			sourceUids.add(sources.get((int) (target - bumped.base())).uid());
		}
		changed(userId);
		return new UidMapping(uidValidity, sourceUids, sorted);
	}

	/**
	 * Removes the folder's messages flagged {@code \Deleted} for good (IMAP EXPUNGE).
	 * @param uids only these (UID EXPUNGE, RFC 4315), or null for all
	 * @return the removed UIDs, ascending
	 */
	@Transactional
	public List<Long> expunge(long userId, long folderId, long[] uids) {
		lockFolders(userId, folderId);
		String only = (uids != null) ? " and uid = any(:uids)" : "";
		List<Long> removed = new ArrayList<>(this.jdbc.sql("""
				delete from messages where folder_id = :folder and user_id = :user and deleted and uid is not null
				""" + only + " returning uid")
			.param("folder", folderId)
			.param("user", userId)
			.param("uids", (uids != null) ? boxed(uids) : new Long[0])
			.query(Long.class)
			.list());
		if (!removed.isEmpty()) {
			bump(folderId);
			changed(userId);
		}
		removed.sort(Long::compare);
		return removed;
	}

	/**
	 * Stores a message a client uploads (IMAP APPEND) in a folder of the user: parsed and
	 * kept like delivered mail, so the webmail lists it. Returns once it has its UID.
	 * @throws MailboxException NOT_FOUND when the folder is not the user's
	 */
	public StoredMessage append(long userId, long folderId, InputStream raw, MessageFlags flags, Instant internalDate) {
		PendingMessage pending = this.transactions.execute((status) -> {
			folder(userId, folderId)
				.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder"));
			StoredContent content = this.store.storeContent(raw);
			return this.store.placeInFolder(content, userId, folderId, flags, internalDate);
		});
		return this.store.assignUids(List.of(pending)).get(0);
	}

	/** Bytes the user's messages take, for quotas. */
	@Transactional(readOnly = true)
	public long usage(long userId) {
		return this.jdbc.sql("select coalesce(sum(size), 0) from messages where user_id = :user")
			.param("user", userId)
			.query(Long.class)
			.single();
	}

	/**
	 * The raw bytes of contents that fit one chunk, read in one query; larger contents
	 * are left out (stream them with {@link #openContent(long)}).
	 */
	@Transactional(readOnly = true)
	public Map<Long, byte[]> smallContents(long[] contentIds) {
		Map<Long, byte[]> raw = new HashMap<>();
		if (contentIds.length == 0) {
			return raw;
		}
		this.jdbc.sql("""
				select c.id, ch.data from message_contents c
				left join message_chunks ch on ch.content_id = c.id and ch.seq = 0
				where c.id = any(:ids) and c.size <= :chunk
				""").param("ids", boxed(contentIds)).param("chunk", ChunkedContentWriter.CHUNK_SIZE).query((rs) -> {
			byte[] data = rs.getBytes("data");
			raw.put(rs.getLong("id"), (data != null) ? data : new byte[0]);
		});
		return raw;
	}

	/**
	 * Streams a content's raw bytes. The caller must have found the content through one
	 * of the user's messages.
	 */
	public InputStream openContent(long contentId) {
		return this.store.openContent(contentId);
	}

	private void lockFolders(long userId, long... folderIds) {
		long[] ordered = Arrays.stream(folderIds).distinct().sorted().toArray();
		int locked = this.jdbc
			.sql("select id from folders where id = any(:ids) and user_id = :user order by id for no key update")
			.param("ids", boxed(ordered))
			.param("user", userId)
			.query(Long.class)
			.list()
			.size();
		if (locked != ordered.length) {
			throw new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder");
		}
	}

	private long bump(long folderId) {
		return this.jdbc
			.sql("update folders set highest_modseq = highest_modseq + 1 where id = :id returning highest_modseq")
			.param("id", folderId)
			.query(Long.class)
			.single();
	}

	private void changed(long userId) {
		this.events.publishEvent(new MailboxChanged(userId));
	}

	private static Long[] boxed(long[] values) {
		return Arrays.stream(values).boxed().toArray(Long[]::new);
	}

	private static UidMessage row(ResultSet rs, int row) throws SQLException {
		Array keywords = rs.getArray("keywords");
		MessageFlags flags = new MessageFlags(rs.getBoolean("seen"), rs.getBoolean("answered"),
				rs.getBoolean("flagged"), rs.getBoolean("deleted"), rs.getBoolean("draft"),
				(keywords != null) ? Arrays.asList((String[]) keywords.getArray()) : List.of());
		return new UidMessage(rs.getLong("id"), rs.getLong("uid"), rs.getLong("modseq"), flags,
				rs.getTimestamp("internal_date").toInstant(), rs.getLong("size"), rs.getLong("content_id"));
	}

}
