package dev.mailroom.mailbox;

import java.util.Collection;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Snapshots of a folder and expunging what a snapshot named, for sessions that work on a
 * fixed view of a folder (POP3). Scoped to one user like every mailbox query.
 */
@Service
public class FolderSnapshots {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	FolderSnapshots(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * The messages now in the user's folder with this role, lowest UID first; messages
	 * still waiting for their UID are not there yet.
	 * @throws MailboxException NOT_FOUND when the user has no such folder
	 */
	@Transactional(readOnly = true)
	public FolderSnapshot take(long userId, FolderRole role) {
		record FolderRow(long id, long uidValidity) {
		}
		FolderRow folder = this.jdbc.sql("select id, uidvalidity from folders where user_id = :user and role = :role")
			.param("user", userId)
			.param("role", role.dbValue())
			.query((rs, row) -> new FolderRow(rs.getLong("id"), rs.getLong("uidvalidity")))
			.optional()
			.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No " + role + " folder"));
		return new FolderSnapshot(folder.id(), folder.uidValidity(), this.jdbc.sql("""
				select id, uid, size from messages
				where folder_id = :folder and user_id = :user and uid is not null
				order by uid
				""")
			.param("folder", folder.id())
			.param("user", userId)
			.query((rs, row) -> new FolderSnapshot.Entry(rs.getLong("id"), rs.getLong("uid"), rs.getLong("size")))
			.list());
	}

	/**
	 * Removes for good those of the given snapshot entries that are still in the folder
	 * under the same UID; messages moved or removed since the snapshot are left alone.
	 * Publishes {@link MailboxChanged} when anything was removed.
	 * @return how many messages were removed
	 */
	@Transactional
	public int expunge(long userId, long folderId, Collection<FolderSnapshot.Entry> entries) {
		if (entries.isEmpty()) {
			return 0;
		}
		// The folder and UID are checked again in the delete itself, so a message moved
		// by
		// a concurrent transaction after the target list was read stays where it went.
		int removed = this.jdbc.sql("""
				with target as (
				  select m.id, m.uid from messages m
				  join unnest(:ids::bigint[], :uids::bigint[]) as e(id, uid) on e.id = m.id and e.uid = m.uid
				  where m.user_id = :user and m.folder_id = :folder),
				locked as (
				  select f.id from folders f where f.id = :folder and exists (select 1 from target) for no key update),
				bumped as (
				  update folders f set highest_modseq = f.highest_modseq + 1 from locked where f.id = locked.id)
				delete from messages m using target t
				where m.id = t.id and m.uid = t.uid and m.folder_id = :folder and m.user_id = :user
				""")
			.param("user", userId)
			.param("folder", folderId)
			.param("ids", entries.stream().map(FolderSnapshot.Entry::id).toArray(Long[]::new))
			.param("uids", entries.stream().map(FolderSnapshot.Entry::uid).toArray(Long[]::new))
			.update();
		if (removed > 0) {
			this.events.publishEvent(new MailboxChanged(userId));
		}
		return removed;
	}

}
