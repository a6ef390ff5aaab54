package dev.mailroom.mailbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.mailroom.mime.MessageSummary;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers small messages (one chunk) to local INBOXes (and the sender's Sent folder, for
 * mail written in Mailroom) in batches: every delivery waiting at the same moment is
 * written by one transaction of five statements, UIDs included, with one commit and one
 * fsync ({@link GroupCommit}). This is how Mailroom answers many SMTP sessions at once
 * with every message durably committed before its 250.
 */
final class BatchedDelivery {

	/**
	 * One message for some users' INBOXes, parsed and hashed by the caller's thread.
	 *
	 * @param sentBy the user whose Sent folder gets a read copy (mail written in
	 * Mailroom), or null
	 */
	record Item(byte[] raw, byte[] sha256, MessageSummary summary, Set<Long> userIds, Long sentBy,
			Instant internalDate) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate outsideTransactions;

	private final ApplicationEventPublisher events;

	private final SummaryColumns columns;

	private final GroupCommit<Item, DeliveredCopies> batches;

	private final Map<Long, Long> inboxes = new ConcurrentHashMap<>();

	private final Map<Long, Long> sentFolders = new ConcurrentHashMap<>();

	BatchedDelivery(JdbcClient jdbc, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			SummaryColumns columns) {
		this.jdbc = jdbc;
		// The batch holds other callers' messages: it must never join the
		// leader's transaction.
		this.outsideTransactions = new TransactionTemplate(transactionManager);
		this.outsideTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		this.events = events;
		this.columns = columns;
		this.batches = new GroupCommit<>(this::write);
	}

	/** Returns the stored copies once they are committed and numbered. */
	DeliveredCopies deliver(Item item) {
		return this.batches.submit(item);
	}

	private List<DeliveredCopies> write(List<Item> items) {
		List<DeliveredCopies> results = this.outsideTransactions.execute((status) -> insert(items));
		for (DeliveredCopies copies : results) {
			copies.recipients().forEach(this::published);
			if (copies.sent() != null) {
				published(copies.sent());
			}
		}
		return results;
	}

	private void published(StoredMessage message) {
		this.events.publishEvent(new MessageStored(message.userId(), message.folderId(), message.id(), message.uid()));
	}

	/**
	 * One statement, so one round trip and its own transaction: contents, chunks, the
	 * folders' next UIDs (rows locked in id order, so concurrent writers cannot deadlock)
	 * and the messages.
	 */
	private List<DeliveredCopies> insert(List<Item> items) {
		Map<Long, Long> inboxes = foldersOf(items.stream().flatMap((item) -> item.userIds().stream()).toList(),
				FolderRole.INBOX, this.inboxes);
		Map<Long, Long> sentFolders = foldersOf(
				items.stream().map(Item::sentBy).filter((user) -> user != null).toList(), FolderRole.SENT,
				this.sentFolders);
		Map<Long, Integer> copiesPerFolder = new TreeMap<>();
		List<Object[]> copies = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			String internalDate = OffsetDateTime.ofInstant(item.internalDate(), ZoneOffset.UTC).toString();
			String threadRefs = this.columns.json(SummaryColumns.threadCandidates(item.summary()));
			for (long user : new TreeSet<>(item.userIds())) {
				long folder = inboxes.get(user);
				copiesPerFolder.merge(folder, 1, Integer::sum);
				copies.add(new Object[] { user, folder, i + 1, internalDate, (long) item.raw().length, threadRefs,
						false });
			}
			if (item.sentBy() != null) {
				long folder = sentFolders.get(item.sentBy());
				copiesPerFolder.merge(folder, 1, Integer::sum);
				copies.add(new Object[] { item.sentBy(), folder, i + 1, internalDate, (long) item.raw().length,
						threadRefs, true });
			}
		}
		List<SummaryColumns.Row> summaries = items.stream()
			.map((item) -> this.columns.row(item.raw().length, item.sha256(), item.summary()))
			.toList();
		List<StoredMessage> stored = this.jdbc
			.sql("""
					with ids as (
					  select nextval(pg_get_serial_sequence('message_contents', 'id')) as id, ord
					  from generate_series(1, :n) as ord),
					s as (
					  select * from unnest(:sizes, :sha256s, :froms, :tos, :ccs, :replyTos, :subjects, :dates, :messageIds,
					    :inReplyTos, :refs, :previews, :attachments, :data) with ordinality
					    as s(size, sha256, from_list, to_list, cc_list, reply_to_list, subject, sent_date, message_id,
					      in_reply_to, refs, preview, attachments, data, ord)),
					contents as (
					  insert into message_contents (id, size, sha256, from_list, to_list, cc_list, reply_to_list, subject,
					    sent_date, message_id, in_reply_to, references_ids, preview, has_attachments)
					  overriding system value
					  select ids.id, s.size, s.sha256, s.from_list::jsonb, s.to_list::jsonb, s.cc_list::jsonb,
					    s.reply_to_list::jsonb, s.subject, s.sent_date::timestamptz, s.message_id, s.in_reply_to,
					    array(select jsonb_array_elements_text(s.refs::jsonb)), s.preview, s.attachments
					  from s join ids using (ord)
					  returning id),
					chunks as (
					  insert into message_chunks (content_id, seq, data)
					  select ids.id, 0, s.data from s join ids using (ord) where length(s.data) > 0),
					locked as (select id from folders where id = any(:folders) order by id for no key update),
					numbered as (
					  update folders f set uidnext = f.uidnext + k.n, highest_modseq = f.highest_modseq + 1
					  from locked join unnest(:folders, :counts) as k(id, n) on k.id = locked.id
					  where f.id = locked.id
					  returning f.id, f.uidnext - k.n as first_uid, f.highest_modseq),
					copies as (
					  select c.*, row_number() over (partition by c.folder_id order by c.ord) - 1 as k
					  from unnest(:users, :copyFolders, :items, :internalDates, :copySizes, :threadRefs, :seen) with ordinality
					    as c(user_id, folder_id, item, internal_date, size, thread_refs, seen, ord))
					insert into messages (user_id, folder_id, content_id, uid, modseq, internal_date, size, seen, thread_id)
					select c.user_id, c.folder_id, ids.id, n.first_uid + c.k, n.highest_modseq, c.internal_date::timestamptz,
					  c.size, c.seen,
					  coalesce((select m.thread_id from message_contents mc
					    join messages m on m.content_id = mc.id and m.user_id = c.user_id
					    where c.thread_refs <> '[]'
					      and mc.message_id = any(array(select jsonb_array_elements_text(c.thread_refs::jsonb)))
					    limit 1), nextval('thread_ids'))
					from copies c join numbered n on n.id = c.folder_id join ids on ids.ord = c.item
					returning id, user_id, folder_id, uid, modseq, thread_id, content_id
					""")
			.param("n", items.size())
			.param("sizes", summaries.stream().map(SummaryColumns.Row::size).toArray(Long[]::new))
			.param("sha256s", summaries.stream().map(SummaryColumns.Row::sha256).toArray(byte[][]::new))
			.param("froms", summaries.stream().map(SummaryColumns.Row::from).toArray(String[]::new))
			.param("tos", summaries.stream().map(SummaryColumns.Row::to).toArray(String[]::new))
			.param("ccs", summaries.stream().map(SummaryColumns.Row::cc).toArray(String[]::new))
			.param("replyTos", summaries.stream().map(SummaryColumns.Row::replyTo).toArray(String[]::new))
			.param("subjects", summaries.stream().map(SummaryColumns.Row::subject).toArray(String[]::new))
			.param("dates", summaries.stream().map(SummaryColumns.Row::date).toArray(String[]::new))
			.param("messageIds", summaries.stream().map(SummaryColumns.Row::messageId).toArray(String[]::new))
			.param("inReplyTos", summaries.stream().map(SummaryColumns.Row::inReplyTo).toArray(String[]::new))
			.param("refs", summaries.stream().map(SummaryColumns.Row::references).toArray(String[]::new))
			.param("previews", summaries.stream().map(SummaryColumns.Row::preview).toArray(String[]::new))
			.param("attachments", summaries.stream().map(SummaryColumns.Row::attachments).toArray(Boolean[]::new))
			.param("data", items.stream().map(Item::raw).toArray(byte[][]::new))
			.param("folders", copiesPerFolder.keySet().toArray(Long[]::new))
			.param("counts", copiesPerFolder.values().toArray(Integer[]::new))
			.param("users", column(copies, 0, Long.class))
			.param("copyFolders", column(copies, 1, Long.class))
			.param("items", column(copies, 2, Integer.class))
			.param("internalDates", column(copies, 3, String.class))
			.param("copySizes", column(copies, 4, Long.class))
			.param("threadRefs", column(copies, 5, String.class))
			.param("seen", column(copies, 6, Boolean.class))
			.query(StoredMessage::fromRow)
			.list();
		Map<Long, Integer> itemOfContent = new HashMap<>();
		List<List<StoredMessage>> copiesOfItem = new ArrayList<>();
		items.forEach((item) -> copiesOfItem.add(new ArrayList<>()));
		// Contents were numbered in item order by one sequence, so sorting them
		// gives the items.
		stored.stream()
			.map(StoredMessage::contentId)
			.distinct()
			.sorted()
			.forEach((id) -> itemOfContent.put(id, itemOfContent.size()));
		for (StoredMessage message : stored) {
			copiesOfItem.get(itemOfContent.get(message.contentId())).add(message);
		}
		List<DeliveredCopies> results = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Long sentFolder = (items.get(i).sentBy() != null) ? sentFolders.get(items.get(i).sentBy()) : null;
			results.add(DeliveredCopies.of(copiesOfItem.get(i),
					(message) -> sentFolder != null && message.folderId() == sentFolder));
		}
		return results;
	}

	/**
	 * The folder of this role of each user, cached: INBOX and Sent live as long as their
	 * user. A deleted user's stale entry makes the insert fail on its foreign key, which
	 * is the right answer for a user who is gone.
	 */
	private Map<Long, Long> foldersOf(List<Long> users, FolderRole role, Map<Long, Long> cache) {
		Set<Long> missing = new TreeSet<>();
		users.stream().filter((user) -> !cache.containsKey(user)).forEach(missing::add);
		if (!missing.isEmpty()) {
			this.jdbc.sql("select user_id, id from folders where user_id = any(:users) and role = :role")
				.param("users", missing.toArray(Long[]::new))
				.param("role", role.dbValue())
				.query((rs, row) -> cache.put(rs.getLong("user_id"), rs.getLong("id")))
				.list();
		}
		Map<Long, Long> folders = new HashMap<>();
		for (long user : users) {
			Long folder = cache.get(user);
			if (folder == null) {
				throw new IllegalArgumentException("User " + user + " has no " + role.defaultName() + " folder");
			}
			folders.put(user, folder);
		}
		return folders;
	}

	private static <T> T[] column(List<Object[]> rows, int index, Class<T> type) {
		@SuppressWarnings("unchecked")
		T[] column = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
		for (int i = 0; i < rows.size(); i++) {
			column[i] = type.cast(rows.get(i)[index]);
		}
		return column;
	}

}
