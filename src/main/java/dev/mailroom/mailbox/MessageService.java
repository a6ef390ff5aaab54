package dev.mailroom.mailbox;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading and filing a user's messages: the facade the webmail and the REST API use (IMAP
 * reuses the same tables and locking). Every method takes the user id and touches only
 * that user's rows, so an id of someone else's message behaves as a missing one.
 *
 * <p>
 * Every change gives the changed messages a new mod-sequence and raises their folders'
 * {@code highest_modseq} (RFC 7162), under folder row locks taken in id order as the
 * delivery path does, so concurrent changes never deadlock.
 */
@Service
public class MessageService {

	private final JdbcClient jdbc;

	private final MessageLists lists;

	private final ApplicationEventPublisher events;

	MessageService(JdbcClient jdbc, MessageLists lists, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.lists = lists;
		this.events = events;
	}

	/** A page of a folder, newest first; empty when the folder is not the user's. */
	@Transactional(readOnly = true)
	public MessagePage list(long userId, long folderId, PageRequest page) {
		return this.lists.page(userId, "m.folder_id = :folder", Map.of("folder", folderId), page);
	}

	/**
	 * Every message of the conversation, oldest first, across folders (Sent included), as
	 * a conversation view shows it.
	 */
	@Transactional(readOnly = true)
	public List<MessageListItem> conversation(long userId, long threadId) {
		List<MessageListItem> newestFirst = this.lists
			.page(userId, "m.thread_id = :thread", Map.of("thread", threadId), PageRequest.first(PageRequest.MAX_LIMIT))
			.items();
		List<MessageListItem> oldestFirst = new java.util.ArrayList<>(newestFirst);
		java.util.Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	/** The message with its full summary, or empty when the user has no such message. */
	@Transactional(readOnly = true)
	public Optional<MessageDetail> find(long userId, long messageId) {
		return this.jdbc.sql("select " + MessageLists.COLUMNS + """
				, m.content_id, c.cc_list::text as cc_list, c.reply_to_list::text as reply_to_list, c.sent_date,
				  c.message_id, c.in_reply_to, c.references_ids, f.role
				from messages m join message_contents c on c.id = m.content_id join folders f on f.id = m.folder_id
				where m.id = :id and m.user_id = :user and m.uid is not null
				""").param("id", messageId).param("user", userId).query((rs, row) -> {
			Timestamp sent = rs.getTimestamp("sent_date");
			String[] references = (String[]) rs.getArray("references_ids").getArray();
			return new MessageDetail(this.lists.item(rs, row), rs.getLong("content_id"),
					this.lists.addresses(rs.getString("cc_list")), this.lists.addresses(rs.getString("reply_to_list")),
					(sent != null) ? sent.toInstant() : null, rs.getString("message_id"), rs.getString("in_reply_to"),
					Arrays.asList(references), FolderRole.fromDb(rs.getString("role")));
		}).optional();
	}

	/**
	 * The user's copy of the message with this Message-ID: the one in Sent when there is
	 * one (what the user sent), else the newest.
	 * @param messageIdHeader the Message-ID without angle brackets
	 * @return its id, empty when the user has no such message
	 */
	@Transactional(readOnly = true)
	public Optional<Long> findByMessageId(long userId, String messageIdHeader) {
		return this.jdbc.sql("""
				select m.id from message_contents c
				join messages m on m.content_id = c.id
				join folders f on f.id = m.folder_id
				where c.message_id = :messageId and m.user_id = :user and m.uid is not null
				order by (f.role = 'sent') desc nulls last, m.internal_date desc, m.id desc
				limit 1
				""").param("messageId", messageIdHeader).param("user", userId).query(Long.class).optional();
	}

	/**
	 * Sets or clears {@code \Seen}.
	 * @return how many messages changed
	 */
	@Transactional
	public int setSeen(long userId, Collection<Long> messageIds, boolean seen) {
		return setFlag(userId, messageIds, "seen", seen);
	}

	/**
	 * Sets or clears {@code \Flagged} (the star).
	 * @return how many messages changed
	 */
	@Transactional
	public int setFlagged(long userId, Collection<Long> messageIds, boolean flagged) {
		return setFlag(userId, messageIds, "flagged", flagged);
	}

	/**
	 * Sets or clears {@code \Answered}.
	 * @return how many messages changed
	 */
	@Transactional
	public int setAnswered(long userId, Collection<Long> messageIds, boolean answered) {
		return setFlag(userId, messageIds, "answered", answered);
	}

	private int setFlag(long userId, Collection<Long> messageIds, String column, boolean value) {
		if (messageIds.isEmpty()) {
			return 0;
		}
		// The column name comes from the three callers above, never from input.
		int changed = this.jdbc
			.sql("""
					with target as (
					  select id, folder_id from messages
					  where user_id = :user and id = any(:ids) and uid is not null and %1$s <> :value),
					locked as (
					  select f.id from folders f where f.id in (select folder_id from target) order by f.id for no key update),
					bumped as (
					  update folders f set highest_modseq = f.highest_modseq + 1
					  from locked where f.id = locked.id returning f.id, f.highest_modseq)
					update messages m set %1$s = :value, modseq = b.highest_modseq
					from target t join bumped b on b.id = t.folder_id
					where m.id = t.id
					"""
				.formatted(column))
			.param("user", userId)
			.param("ids", messageIds.toArray(Long[]::new))
			.param("value", value)
			.update();
		changed(userId, changed);
		return changed;
	}

	/**
	 * Moves messages into another folder of the user. Each gets the next UID of its new
	 * folder (RFC 6851: a move is a copy and an expunge), in the order of their ids.
	 * @return how many messages moved (those already there are left alone)
	 * @throws MailboxException NOT_FOUND when the target folder is not the user's
	 */
	@Transactional
	public int move(long userId, Collection<Long> messageIds, long targetFolderId) {
		requireFolder(userId, targetFolderId);
		if (messageIds.isEmpty()) {
			return 0;
		}
		int moved = this.jdbc.sql("""
				with moving as (
				  select id, folder_id, row_number() over (order by id) - 1 as k from messages
				  where user_id = :user and id = any(:ids) and uid is not null and folder_id <> :target),
				locked as (
				  select f.id from folders f
				  where f.id = :target or f.id in (select folder_id from moving) order by f.id for no key update),
				bumped as (
				  update folders f set
				    uidnext = f.uidnext + case when f.id = :target then (select count(*) from moving) else 0 end,
				    highest_modseq = f.highest_modseq + 1
				  from locked where f.id = locked.id and (select count(*) from moving) > 0
				  returning f.id, f.uidnext, f.highest_modseq),
				t as (select * from bumped where id = :target)
				update messages m set folder_id = :target, uid = t.uidnext - (select count(*) from moving) + mv.k,
				  modseq = t.highest_modseq
				from moving mv, t
				where m.id = mv.id
				""")
			.param("user", userId)
			.param("ids", messageIds.toArray(Long[]::new))
			.param("target", targetFolderId)
			.update();
		changed(userId, moved);
		return moved;
	}

	/**
	 * Deletes as a mail client's delete key does: messages in Trash or Junk are removed
	 * for good, all others go to Trash.
	 * @return how many messages were moved or removed
	 */
	@Transactional
	public int delete(long userId, Collection<Long> messageIds) {
		if (messageIds.isEmpty()) {
			return 0;
		}
		List<Long> inBin = this.jdbc.sql("""
				select m.id from messages m join folders f on f.id = m.folder_id
				where m.user_id = :user and m.id = any(:ids) and f.role in ('trash', 'junk')
				""").param("user", userId).param("ids", messageIds.toArray(Long[]::new)).query(Long.class).list();
		List<Long> elsewhere = messageIds.stream().filter((id) -> !inBin.contains(id)).toList();
		int count = deleteForever(userId, inBin);
		if (!elsewhere.isEmpty()) {
			count += move(userId, elsewhere, folderOf(userId, FolderRole.TRASH));
		}
		return count;
	}

	/**
	 * Removes messages for good. The raw content stays while any other copy refers to it
	 * and is swept later otherwise.
	 * @return how many messages were removed
	 */
	@Transactional
	public int deleteForever(long userId, Collection<Long> messageIds) {
		if (messageIds.isEmpty()) {
			return 0;
		}
		int removed = this.jdbc
			.sql("""
					with target as (
					  select id, folder_id from messages where user_id = :user and id = any(:ids)),
					locked as (
					  select f.id from folders f where f.id in (select folder_id from target) order by f.id for no key update),
					bumped as (
					  update folders f set highest_modseq = f.highest_modseq + 1 from locked where f.id = locked.id)
					delete from messages m using target t where m.id = t.id
					""")
			.param("user", userId)
			.param("ids", messageIds.toArray(Long[]::new))
			.update();
		changed(userId, removed);
		return removed;
	}

	/**
	 * Empties the user's Trash.
	 * @return how many messages were removed
	 */
	@Transactional
	public int emptyTrash(long userId) {
		List<Long> ids = this.jdbc.sql("select id from messages where folder_id = :trash and user_id = :user")
			.param("trash", folderOf(userId, FolderRole.TRASH))
			.param("user", userId)
			.query(Long.class)
			.list();
		return deleteForever(userId, ids);
	}

	/**
	 * How many of a user's newest messages {@link #correspondents} looks at: enough for
	 * everyone they write with, few enough for a keystroke.
	 */
	static final int CORRESPONDENT_WINDOW = 5000;

	/**
	 * The addresses a user received mail from or sent mail to (From of received mail; To
	 * and Cc of mail in Sent), among their newest {@value #CORRESPONDENT_WINDOW}
	 * messages, whose address or a word of whose name starts with {@code prefix}
	 * (case-insensitive, Hangul included), most frequent first, then most recent. Junk,
	 * Trash and Drafts do not count, nor the user's own address.
	 * @param prefix what the user typed; blank gives nothing
	 * @param limit at most this many
	 */
	@Transactional(readOnly = true)
	public List<Correspondent> correspondents(long userId, String prefix, int limit) {
		String typed = (prefix != null) ? prefix.strip().toLowerCase(java.util.Locale.ROOT) : "";
		if (typed.isEmpty() || limit <= 0) {
			return List.of();
		}
		String like = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return this.jdbc
			.sql("""
					with recent as (
					  select m.internal_date, case when f.role = 'sent' then c.to_list || c.cc_list else c.from_list end as people
					  from messages m
					  join folders f on f.id = m.folder_id
					  join message_contents c on c.id = m.content_id
					  where m.user_id = :user and m.uid is not null
					    and (f.role is null or f.role not in ('junk', 'trash', 'drafts'))
					  order by m.internal_date desc
					  limit :window),
					seen as (
					  select lower(a ->> 'address') as address, nullif(btrim(a ->> 'name'), '') as name, r.internal_date
					  from recent r cross join lateral jsonb_array_elements(r.people) as a
					  where jsonb_typeof(a) = 'object' and a ->> 'address' is not null)
					select address,
					  (array_agg(name order by name is null, internal_date desc))[1] as name,
					  count(*) as messages, max(internal_date) as last_seen
					from seen
					where address <> (select email from users where id = :user)
					  and (address like :like or (' ' || lower(coalesce(name, ''))) like '% ' || :like)
					group by address
					order by count(*) desc, max(internal_date) desc, address
					limit :limit
					""")
			.param("user", userId)
			.param("window", CORRESPONDENT_WINDOW)
			.param("like", like)
			.param("limit", limit)
			.query((rs, row) -> new Correspondent(rs.getString("name"), rs.getString("address"), rs.getLong("messages"),
					rs.getTimestamp("last_seen").toInstant()))
			.list();
	}

	/** The id of the user's folder with this role. */
	@Transactional(readOnly = true)
	public long folderOf(long userId, FolderRole role) {
		return this.jdbc.sql("select id from folders where user_id = :user and role = :role")
			.param("user", userId)
			.param("role", role.dbValue())
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No " + role + " folder"));
	}

	private void requireFolder(long userId, long folderId) {
		boolean mine = this.jdbc.sql("select exists (select 1 from folders where id = :id and user_id = :user)")
			.param("id", folderId)
			.param("user", userId)
			.query(Boolean.class)
			.single();
		if (!mine) {
			throw new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder");
		}
	}

	private void changed(long userId, int count) {
		if (count > 0) {
			this.events.publishEvent(new MailboxChanged(userId));
		}
	}

}
