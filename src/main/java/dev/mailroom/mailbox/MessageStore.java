package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.mailroom.mime.MessageSummary;
import dev.mailroom.mime.MimeParser;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts messages into folders and reads their raw bytes back. A delivery to many users
 * stores the raw bytes and parsed summary once ({@code message_contents}) and gives each
 * user a {@code messages} row in their INBOX pointing at it.
 *
 * <p>
 * Small messages (one chunk) are delivered with group commit ({@link BatchedDelivery}):
 * whatever is waiting at one moment is written, UIDs included, by one statement. Large
 * messages, and contents stored inside a caller's transaction (mail with remote
 * recipients), are placed without UIDs first and numbered right after the commit by
 * {@link #assignUids(List)}. Readers only ever see messages that have a UID.
 */
@Service
public class MessageStore {

	private final JdbcClient jdbc;

	private final MimeParser parser;

	private final TransactionTemplate transactions;

	private final UidAssigner assigner;

	private final SummaryColumns columns;

	private final BatchedDelivery batches;

	MessageStore(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.assigner = new UidAssigner(jdbc, transactionManager, events);
		this.columns = new SummaryColumns(json);
		this.batches = new BatchedDelivery(jdbc, transactionManager, events, this.columns);
		this.parser = new MimeParser();
	}

	/**
	 * Stores one message for every given user, in their INBOX: either every recipient has
	 * it or none does. Returns once the messages have their UIDs.
	 * @param raw the RFC 5322 bytes, read to the end
	 * @param userIds the local recipients (duplicates are delivered once)
	 */
	public List<StoredMessage> deliver(InputStream raw, Collection<Long> userIds, Instant internalDate) {
		return deliver(raw, userIds, null, internalDate).recipients();
	}

	/**
	 * Stores mail written in Mailroom for local recipients only: a read copy in the
	 * sender's Sent folder and one in every recipient's INBOX, all or nothing, group
	 * committed with concurrent deliveries as SMTP mail is. Returns once the copies are
	 * committed and have their UIDs.
	 * @param raw the RFC 5322 bytes, read to the end
	 * @param userIds the local recipients (duplicates are delivered once; the sender may
	 * be one of them)
	 * @param senderId the user who wrote it
	 */
	public DeliveredCopies deliverWritten(InputStream raw, Collection<Long> userIds, long senderId,
			Instant internalDate) {
		return deliver(raw, userIds, senderId, internalDate);
	}

	private DeliveredCopies deliver(InputStream raw, Collection<Long> userIds, Long senderId, Instant internalDate) {
		byte[] head = readHead(raw);
		if (head.length <= ChunkedContentWriter.CHUNK_SIZE) {
			MessageSummary summary = this.parser.summarize(new ByteArrayInputStream(head));
			return this.batches.deliver(new BatchedDelivery.Item(head, sha256().digest(head), summary,
					new TreeSet<>(userIds), senderId, internalDate));
		}
		List<PendingMessage> pending = new ArrayList<>();
		PendingMessage sent = this.transactions.execute((status) -> {
			StoredContent content = storeLargeContent(new SequenceInputStream(new ByteArrayInputStream(head), raw));
			pending.addAll(place(content, userIds, internalDate));
			return (senderId != null) ? placeIn(content, senderId, FolderRole.SENT, true, internalDate) : null;
		});
		if (sent != null) {
			pending.add(sent);
		}
		return DeliveredCopies.of(assignUids(pending), (message) -> sent != null && message.id() == sent.id());
	}

	/**
	 * Stores raw bytes and their parsed summary once, to be placed in folders with
	 * {@link #place(StoredContent, Collection, Instant)} or kept by
	 * {@link #hold(long, String)} in the caller's transaction; a content nobody places or
	 * holds is swept later.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public StoredContent storeContent(InputStream raw) {
		byte[] head = readHead(raw);
		if (head.length <= ChunkedContentWriter.CHUNK_SIZE) {
			return storeSmallContent(head);
		}
		return storeLargeContent(new SequenceInputStream(new ByteArrayInputStream(head), raw));
	}

	/** Up to one byte more than a chunk: enough to tell small mail from large. */
	private static byte[] readHead(InputStream raw) {
		try {
			return raw.readNBytes(ChunkedContentWriter.CHUNK_SIZE + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Most mail fits one chunk: parse it first, then store content and chunk in one
	 * statement.
	 */
	private StoredContent storeSmallContent(byte[] raw) {
		MessageSummary summary = this.parser.summarize(new ByteArrayInputStream(raw));
		long contentId = this.jdbc.sql("""
				with c as (
				  insert into message_contents (size, sha256, from_list, to_list, cc_list, reply_to_list, subject,
				    sent_date, message_id, in_reply_to, references_ids, preview, has_attachments)
				  values (:size, :sha256, :from::jsonb, :to::jsonb, :cc::jsonb, :replyTo::jsonb, :subject,
				    :date, :messageId, :inReplyTo, :references, :preview, :attachments)
				  returning id),
				chunk as (insert into message_chunks (content_id, seq, data) select id, 0, :data from c where :size > 0)
				select id from c
				""")
			.paramSource(this.columns.parameters(raw.length, sha256().digest(raw), summary).addValue("data", raw))
			.query(Long.class)
			.single();
		return new StoredContent(contentId, raw.length, summary);
	}

	private StoredContent storeLargeContent(InputStream raw) {
		long contentId = this.jdbc.sql("insert into message_contents (size, sha256) values (0, ''::bytea) returning id")
			.query(Long.class)
			.single();
		MessageDigest sha256 = sha256();
		try (ChunkedContentWriter writer = new ChunkedContentWriter(this.jdbc, contentId)) {
			CopyingInputStream copying = new CopyingInputStream(raw, writer, sha256);
			MessageSummary summary = this.parser.summarize(copying);
			copying.drain();
			writer.close();
			this.jdbc
				.sql("""
						update message_contents set size = :size, sha256 = :sha256,
						  from_list = :from::jsonb, to_list = :to::jsonb, cc_list = :cc::jsonb, reply_to_list = :replyTo::jsonb,
						  subject = :subject, sent_date = :date, message_id = :messageId, in_reply_to = :inReplyTo,
						  references_ids = :references, preview = :preview, has_attachments = :attachments
						where id = :id
						""")
				.paramSource(this.columns.parameters(writer.size(), sha256.digest(), summary).addValue("id", contentId))
				.update();
			return new StoredContent(contentId, writer.size(), summary);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Places a stored content in the INBOX of every given user, without UIDs yet; call
	 * {@link #assignUids(List)} once the transaction has committed.
	 * @throws IllegalArgumentException when a user has no INBOX
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<PendingMessage> place(StoredContent content, Collection<Long> userIds, Instant internalDate) {
		return place(content, userIds, FolderRole.INBOX, false, false, internalDate);
	}

	/**
	 * Places a stored content in one of a user's standard folders (the Sent copy of mail
	 * they wrote, marked read), without a UID yet; call {@link #assignUids(List)} after
	 * the commit.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public PendingMessage placeIn(StoredContent content, long userId, FolderRole role, boolean seen,
			Instant internalDate) {
		return place(content, List.of(userId), role, seen, false, internalDate).get(0);
	}

	/**
	 * As {@link #placeIn(StoredContent, long, FolderRole, boolean, Instant)}, with the
	 * {@code \Draft} flag set or not: a draft the webmail saved in Drafts, as IMAP
	 * clients save theirs.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public PendingMessage placeIn(StoredContent content, long userId, FolderRole role, boolean seen, boolean draft,
			Instant internalDate) {
		return place(content, List.of(userId), role, seen, draft, internalDate).get(0);
	}

	/**
	 * Places a stored content in a folder of the user with the given flags, without a UID
	 * yet (a message an IMAP client uploads); call {@link #assignUids(List)} after the
	 * commit.
	 * @throws MailboxException NOT_FOUND when the folder is not the user's
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public PendingMessage placeInFolder(StoredContent content, long userId, long folderId, MessageFlags flags,
			Instant internalDate) {
		List<String> threadIds = SummaryColumns.threadCandidates(content.summary());
		return this.jdbc
			.sql("""
					insert into messages (user_id, folder_id, content_id, internal_date, size, seen, answered, flagged,
					  deleted, draft, keywords, thread_id)
					select f.user_id, f.id, :content, :date, :size, :seen, :answered, :flagged, :deleted, :draft, :keywords, %s
					from folders f where f.id = :folder and f.user_id = :user
					returning id, user_id, folder_id, content_id
					"""
				.formatted(threadExpression(threadIds)))
			.param("content", content.id())
			.param("date", OffsetDateTime.ofInstant(internalDate, ZoneOffset.UTC))
			.param("size", content.size())
			.param("seen", flags.seen())
			.param("answered", flags.answered())
			.param("flagged", flags.flagged())
			.param("deleted", flags.deleted())
			.param("draft", flags.draft())
			.param("keywords", flags.keywords().toArray(String[]::new))
			.param("folder", folderId)
			.param("user", userId)
			.param("threadIds", threadIds.toArray(String[]::new))
			.query((rs, row) -> new PendingMessage(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("folder_id"),
					rs.getLong("content_id")))
			.optional()
			.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder"));
	}

	/**
	 * The SQL for a new message's thread: a reply joins the thread of a message of the
	 * same user it answers or references.
	 */
	private static String threadExpression(List<String> threadIds) {
		return threadIds.isEmpty() ? "nextval('thread_ids')" : """
				coalesce((select m.thread_id from message_contents c
				  join messages m on m.content_id = c.id and m.user_id = f.user_id
				  where c.message_id = any(:threadIds) limit 1),
				  nextval('thread_ids'))""";
	}

	/**
	 * A content stored earlier (held, for instance), with its summary parsed again from
	 * its bytes: to place it in folders later, as the outbox does at its send time.
	 * @throws MailboxException NOT_FOUND when there is no such content
	 */
	@Transactional(readOnly = true)
	public StoredContent loadContent(long contentId) {
		long size = this.jdbc.sql("select size from message_contents where id = :id")
			.param("id", contentId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No content " + contentId));
		try (InputStream raw = openContent(contentId)) {
			return new StoredContent(contentId, size, this.parser.summarize(raw));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<PendingMessage> place(StoredContent content, Collection<Long> userIds, FolderRole role, boolean seen,
			boolean draft, Instant internalDate) {
		Set<Long> users = new TreeSet<>(userIds);
		if (users.isEmpty()) {
			return List.of();
		}
		List<String> threadIds = SummaryColumns.threadCandidates(content.summary());
		String thread = threadExpression(threadIds);
		List<PendingMessage> placed = this.jdbc.sql("""
				insert into messages (user_id, folder_id, content_id, internal_date, size, seen, draft, thread_id)
				select f.user_id, f.id, :content, :date, :size, :seen, :draft, %s
				from folders f where f.user_id = any(:users) and f.role = :role
				order by f.user_id
				returning id, user_id, folder_id, content_id
				""".formatted(thread))
			.param("content", content.id())
			.param("date", OffsetDateTime.ofInstant(internalDate, ZoneOffset.UTC))
			.param("size", content.size())
			.param("seen", seen)
			.param("draft", draft)
			.param("role", role.dbValue())
			.param("users", users.toArray(Long[]::new))
			.param("threadIds", threadIds.toArray(String[]::new))
			.query((rs, row) -> new PendingMessage(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("folder_id"),
					rs.getLong("content_id")))
			.list();
		if (placed.size() != users.size()) {
			throw new IllegalArgumentException(
					"Not every user of " + users + " has a " + role.defaultName() + " folder");
		}
		return placed;
	}

	/**
	 * Gives pending messages their UIDs once the transaction that placed them has
	 * committed; concurrent callers are numbered together in one short transaction (see
	 * {@link UidAssigner}). Returns the messages as numbered.
	 */
	public List<StoredMessage> assignUids(List<PendingMessage> pending) {
		Map<Long, StoredMessage> numbered = this.assigner
			.assign(pending.stream().map(PendingMessage::folderId).collect(Collectors.toSet()));
		List<StoredMessage> result = new ArrayList<>();
		List<Long> elsewhere = new ArrayList<>();
		for (PendingMessage message : pending) {
			StoredMessage stored = numbered.get(message.id());
			if (stored != null) {
				result.add(stored);
			}
			else {
				elsewhere.add(message.id());
			}
		}
		if (!elsewhere.isEmpty()) {
			// Numbered by an earlier batch or another Mailroom instance.
			result.addAll(this.jdbc.sql("""
					select id, user_id, folder_id, uid, modseq, thread_id, content_id from messages
					where id = any(:ids) and uid is not null
					""").param("ids", elsewhere.toArray(Long[]::new)).query(StoredMessage::fromRow).list());
		}
		return result;
	}

	/**
	 * Numbers messages left pending by a delivery whose process stopped between its two
	 * transactions.
	 */
	@Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT10S")
	public void assignLeftoverUids() {
		Set<Long> folders = new TreeSet<>(
				this.jdbc.sql("select distinct folder_id from messages where uid is null").query(Long.class).list());
		this.assigner.assign(folders);
	}

	/**
	 * Keeps a content alive without any folder copy, until
	 * {@link #release(long, String)}: for mail waiting in the outbound queue.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void hold(long contentId, String holder) {
		this.jdbc.sql("insert into content_holds (content_id, holder) values (:id, :holder) on conflict do nothing")
			.param("id", contentId)
			.param("holder", holder)
			.update();
	}

	/** Lets go of contents this holder kept; unreferenced ones are swept later. */
	public void release(Collection<Long> contentIds, String holder) {
		this.jdbc.sql("delete from content_holds where content_id = any(:ids) and holder = :holder")
			.param("ids", contentIds.toArray(Long[]::new))
			.param("holder", holder)
			.update();
	}

	/** The raw bytes of a stored content, for those who hold it (the outbound queue). */
	public InputStream openContent(long contentId) {
		return new ChunkedContentReader(this.jdbc, contentId);
	}

	/**
	 * The raw bytes of a message of this user, or empty when the user has no such
	 * message.
	 */
	@Transactional(readOnly = true)
	public Optional<InputStream> openRaw(long userId, long messageId) {
		return this.jdbc.sql("select content_id from messages where id = :id and user_id = :user and uid is not null")
			.param("id", messageId)
			.param("user", userId)
			.query(Long.class)
			.optional()
			.map((contentId) -> new ChunkedContentReader(this.jdbc, contentId));
	}

	/**
	 * Removes stored contents that no folder refers to any more (after users or messages
	 * are deleted), and that no outbound queue or outbox row names (their foreign keys
	 * would refuse). Only contents older than an hour, so a delivery still in progress is
	 * never hit.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	@Transactional
	public int deleteUnreferencedContents() {
		return this.jdbc.sql("""
				delete from message_contents c
				where c.created_at < now() - interval '1 hour'
				  and not exists (select 1 from messages m where m.content_id = c.id)
				  and not exists (select 1 from content_holds h where h.content_id = c.id)
				  and not exists (select 1 from outbound_queue q where q.content_id = c.id)
				  and not exists (select 1 from outbox o where o.content_id = c.id)
				""").update();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
