package dev.mailroom.mailbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mailroom.mime.MessageSummary;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers small messages (one chunk) to local INBOXes in batches: every delivery waiting
 * at the same moment is written by one transaction of five statements, UIDs included,
 * with one commit and one fsync ({@link GroupCommit}). This is how Mailroom answers many
 * SMTP sessions at once with every message durably committed before its 250.
 */
final class BatchedDelivery {

	/** One message for some users' INBOXes, parsed and hashed by the caller's thread. */
	record Item(byte[] raw, byte[] sha256, MessageSummary summary, Set<Long> userIds, Instant internalDate) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final SummaryColumns columns;

	private final GroupCommit<Item, List<StoredMessage>> batches;

	BatchedDelivery(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			SummaryColumns columns) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.columns = columns;
		this.batches = new GroupCommit<>(this::write);
	}

	/** Returns the stored copies once they are committed and numbered. */
	List<StoredMessage> deliver(Item item) {
		return this.batches.submit(item);
	}

	private List<List<StoredMessage>> write(List<Item> items) {
		List<List<StoredMessage>> results = this.transactions.execute((status) -> insert(items));
		results.forEach((stored) -> stored.forEach((message) -> this.events
			.publishEvent(new MessageStored(message.userId(), message.folderId(), message.id(), message.uid()))));
		return results;
	}

	private List<List<StoredMessage>> insert(List<Item> items) {
		Set<Long> users = new TreeSet<>();
		items.forEach((item) -> users.addAll(item.userIds()));
		Map<Long, Long> inboxOfUser = new HashMap<>();
		this.jdbc.sql("select user_id, id from folders where user_id = any(:users) and role = 'inbox'")
			.param("users", users.toArray(Long[]::new))
			.query((rs, row) -> inboxOfUser.put(rs.getLong("user_id"), rs.getLong("id")))
			.list();
		if (!inboxOfUser.keySet().containsAll(users)) {
			throw new IllegalArgumentException("Not every user of " + users + " has an INBOX");
		}
		Set<Long> folders = new TreeSet<>(inboxOfUser.values());
		// The same per-folder lock the UID assigner takes, in folder order (no
		// deadlocks).
		this.jdbc.sql("select pg_advisory_xact_lock(f) from (select unnest(:folders) as f order by 1) locks")
			.param("folders", folders.toArray(Long[]::new))
			.query(Object.class)
			.list();
		List<Long> contentIds = insertContents(items);

		// Number the copies: each folder's next UIDs, in item order.
		Map<Long, Integer> copiesPerFolder = new HashMap<>();
		for (Item item : items) {
			for (long user : new TreeSet<>(item.userIds())) {
				copiesPerFolder.merge(inboxOfUser.get(user), 1, Integer::sum);
			}
		}
		record Numbering(long nextUid, long modSeq) {
		}
		Map<Long, Numbering> numbering = new HashMap<>();
		List<Long> folderIds = new ArrayList<>(copiesPerFolder.keySet());
		this.jdbc.sql("""
				update folders f set uidnext = f.uidnext + c.n, highest_modseq = f.highest_modseq + 1
				from unnest(:folders, :counts) as c(id, n) where f.id = c.id
				returning f.id, f.uidnext - c.n as first_uid, f.highest_modseq
				""")
			.param("folders", folderIds.toArray(Long[]::new))
			.param("counts", folderIds.stream().map(copiesPerFolder::get).toArray(Integer[]::new))
			.query((rs, row) -> numbering.put(rs.getLong("id"),
					new Numbering(rs.getLong("first_uid"), rs.getLong("highest_modseq"))))
			.list();

		List<Object[]> rows = new ArrayList<>();
		Map<Long, Long> nextUid = new HashMap<>();
		numbering.forEach((folder, n) -> nextUid.put(folder, n.nextUid()));
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			for (long user : new TreeSet<>(item.userIds())) {
				long folder = inboxOfUser.get(user);
				long uid = nextUid.merge(folder, 1L, Long::sum) - 1;
				rows.add(new Object[] { user, folder, contentIds.get(i), uid, numbering.get(folder).modSeq(),
						OffsetDateTime.ofInstant(item.internalDate(), ZoneOffset.UTC).toString(),
						(long) item.raw().length, this.columns.json(SummaryColumns.threadCandidates(item.summary())),
						i });
			}
		}
		Map<FolderUid, Long> messageIds = new HashMap<>();
		Map<FolderUid, Long> threadIds = new HashMap<>();
		this.jdbc.sql("""
				insert into messages (user_id, folder_id, content_id, uid, modseq, internal_date, size, thread_id)
				select r.user_id, r.folder_id, r.content_id, r.uid, r.modseq, r.internal_date::timestamptz, r.size,
				  coalesce((select m.thread_id from messages m join message_contents c on c.id = m.content_id
				    where m.user_id = r.user_id and r.refs <> '[]'
				      and c.message_id in (select jsonb_array_elements_text(r.refs::jsonb))
				    order by m.id limit 1), nextval('thread_ids'))
				from unnest(:users, :folders, :contents, :uids, :modseqs, :dates, :sizes, :refs)
				  as r(user_id, folder_id, content_id, uid, modseq, internal_date, size, refs)
				returning id, uid, folder_id, thread_id
				""")
			.param("users", column(rows, 0, Long.class))
			.param("folders", column(rows, 1, Long.class))
			.param("contents", column(rows, 2, Long.class))
			.param("uids", column(rows, 3, Long.class))
			.param("modseqs", column(rows, 4, Long.class))
			.param("dates", column(rows, 5, String.class))
			.param("sizes", column(rows, 6, Long.class))
			.param("refs", column(rows, 7, String.class))
			.query((rs, row) -> {
				FolderUid key = new FolderUid(rs.getLong("folder_id"), rs.getLong("uid"));
				messageIds.put(key, rs.getLong("id"));
				return threadIds.put(key, rs.getLong("thread_id"));
			})
			.list();

		List<List<StoredMessage>> results = new ArrayList<>();
		items.forEach((item) -> results.add(new ArrayList<>()));
		for (Object[] row : rows) {
			long folder = (Long) row[1];
			long uid = (Long) row[3];
			FolderUid key = new FolderUid(folder, uid);
			results.get((Integer) row[8])
				.add(new StoredMessage(messageIds.get(key), (Long) row[0], folder, uid, (Long) row[4],
						threadIds.get(key), (Long) row[2]));
		}
		return results;
	}

	/**
	 * Contents and their single chunk, ids handed out first so they match the items'
	 * order.
	 */
	private List<Long> insertContents(List<Item> items) {
		List<Long> ids = this.jdbc.sql("""
				select nextval(pg_get_serial_sequence('message_contents', 'id')) from generate_series(1, :n)
				""").param("n", items.size()).query(Long.class).list();
		List<SummaryColumns.Row> summaries = items.stream()
			.map((item) -> this.columns.row(item.raw().length, item.sha256(), item.summary()))
			.toList();
		this.jdbc.sql("""
				with c as (
				  insert into message_contents (id, size, sha256, from_list, to_list, cc_list, reply_to_list, subject,
				    sent_date, message_id, in_reply_to, references_ids, preview, has_attachments)
				  overriding system value
				  select s.id, s.size, s.sha256, s.from_list::jsonb, s.to_list::jsonb, s.cc_list::jsonb,
				    s.reply_to_list::jsonb, s.subject, s.sent_date::timestamptz, s.message_id, s.in_reply_to,
				    array(select jsonb_array_elements_text(s.refs::jsonb)), s.preview, s.attachments
				  from unnest(:ids, :sizes, :sha256s, :froms, :tos, :ccs, :replyTos, :subjects, :dates, :messageIds,
				    :inReplyTos, :refs, :previews, :attachments)
				    as s(id, size, sha256, from_list, to_list, cc_list, reply_to_list, subject, sent_date, message_id,
				      in_reply_to, refs, preview, attachments)
				  returning id)
				insert into message_chunks (content_id, seq, data)
				select d.id, 0, d.data from unnest(:ids, :data) as d(id, data) where length(d.data) > 0
				""")
			.param("ids", ids.toArray(Long[]::new))
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
			.update();
		return ids;
	}

	private static <T> T[] column(List<Object[]> rows, int index, Class<T> type) {
		@SuppressWarnings("unchecked")
		T[] column = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
		for (int i = 0; i < rows.size(); i++) {
			column[i] = type.cast(rows.get(i)[index]);
		}
		return column;
	}

	private record FolderUid(long folder, long uid) {
	}

}
