package dev.mailroom.mailbox;

import java.util.List;

import dev.mailroom.account.UserCreated;

import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Folders of a user: the mailbox module's facade for folder structure. */
@Service
public class MailboxService {

	private final JdbcClient jdbc;

	private final MessageService messages;

	private final ApplicationEventPublisher events;

	MailboxService(JdbcClient jdbc, MessageService messages, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.messages = messages;
		this.events = events;
	}

	/**
	 * Gives a new user the standard folders. Runs in the transaction that creates the
	 * user, so a user never exists without them.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	void onUserCreated(UserCreated event) {
		for (FolderRole role : FolderRole.values()) {
			this.jdbc.sql("""
					insert into folders (user_id, name, role, uidvalidity)
					values (:user, :name, :role, nextval('folder_uidvalidity'))
					""")
				.param("user", event.userId())
				.param("name", role.defaultName())
				.param("role", role.dbValue())
				.update();
		}
	}

	/** The user's folders, system folders first in their standard order, then by name. */
	@Transactional(readOnly = true)
	public List<Folder> listFolders(long userId) {
		return this.jdbc.sql("""
				select id, user_id, parent_id, name, role, uidvalidity, uidnext, highest_modseq, subscribed
				from folders where user_id = :user
				order by case role when 'inbox' then 0 when 'drafts' then 1 when 'sent' then 2
				  when 'archive' then 3 when 'junk' then 4 when 'trash' then 5 else 6 end, name, id
				""")
			.param("user", userId)
			.query((rs, row) -> new Folder(rs.getLong("id"), rs.getLong("user_id"),
					rs.getObject("parent_id", Long.class), rs.getString("name"),
					FolderRole.fromDb(rs.getString("role")), rs.getLong("uidvalidity"), rs.getLong("uidnext"),
					rs.getLong("highest_modseq"), rs.getBoolean("subscribed")))
			.list();
	}

	/**
	 * The user's folders with unread and total counts, in {@link #listFolders} order.
	 */
	@Transactional(readOnly = true)
	public List<FolderSummary> folderSummaries(long userId) {
		return this.jdbc.sql("""
				select f.id, f.parent_id, f.name, f.role,
				  count(m.id) filter (where not m.seen) as unread, count(m.id) as total
				from folders f left join messages m on m.folder_id = f.id and m.uid is not null
				where f.user_id = :user
				group by f.id
				order by case f.role when 'inbox' then 0 when 'drafts' then 1 when 'sent' then 2
				  when 'archive' then 3 when 'junk' then 4 when 'trash' then 5 else 6 end, lower(f.name), f.id
				""")
			.param("user", userId)
			.query((rs, row) -> new FolderSummary(rs.getLong("id"), rs.getObject("parent_id", Long.class),
					rs.getString("name"), FolderRole.fromDb(rs.getString("role")), rs.getLong("unread"),
					rs.getLong("total")))
			.list();
	}

	/**
	 * Creates a folder of the user's own.
	 * @param parentId the enclosing folder (any of the user's), null for the top level
	 * @return the new folder's id
	 * @throws MailboxException INVALID_NAME, NAME_TAKEN, or NOT_FOUND for a parent that
	 * is not the user's
	 */
	@Transactional
	public long createFolder(long userId, Long parentId, String name) {
		String clean = validName(name);
		if (parentId != null) {
			requireFolder(userId, parentId);
		}
		requireFree(userId, parentId, clean, null);
		long id = this.jdbc.sql("""
				insert into folders (user_id, parent_id, name, uidvalidity)
				values (:user, :parent, :name, nextval('folder_uidvalidity')) returning id
				""").param("user", userId).param("parent", parentId).param("name", clean).query(Long.class).single();
		this.events.publishEvent(new MailboxChanged(userId));
		return id;
	}

	/**
	 * Renames a user folder and/or moves it under another parent. Its messages keep their
	 * UIDs but the folder gets a new UIDVALIDITY, as IMAP clients must resync a renamed
	 * mailbox under its new name anyway.
	 * @throws MailboxException NOT_FOUND, SYSTEM_FOLDER, INVALID_NAME, NAME_TAKEN or
	 * CYCLE
	 */
	@Transactional
	public void renameFolder(long userId, long folderId, Long newParentId, String newName) {
		String clean = validName(newName);
		Folder folder = requireFolder(userId, folderId);
		if (folder.role() != null) {
			throw new MailboxException(MailboxException.Reason.SYSTEM_FOLDER, "System folders cannot be renamed");
		}
		if (newParentId != null) {
			requireFolder(userId, newParentId);
			boolean cycle = this.jdbc.sql("""
					with recursive below as (
					  select id from folders where id = :folder
					  union all select f.id from folders f join below b on f.parent_id = b.id)
					select exists (select 1 from below where id = :parent)
					""").param("folder", folderId).param("parent", newParentId).query(Boolean.class).single();
			if (cycle) {
				throw new MailboxException(MailboxException.Reason.CYCLE,
						"A folder cannot be moved into itself or its subfolders");
			}
		}
		requireFree(userId, newParentId, clean, folderId);
		this.jdbc.sql("""
				update folders set name = :name, parent_id = :parent, uidvalidity = nextval('folder_uidvalidity')
				where id = :id and user_id = :user
				""")
			.param("name", clean)
			.param("parent", newParentId)
			.param("id", folderId)
			.param("user", userId)
			.update();
		this.events.publishEvent(new MailboxChanged(userId));
	}

	/**
	 * Deletes a user folder and its subfolders; their messages go to Trash first, so
	 * nothing is lost by a slip of the mouse.
	 * @return how many messages went to Trash
	 * @throws MailboxException NOT_FOUND or SYSTEM_FOLDER
	 */
	@Transactional
	public int deleteFolder(long userId, long folderId) {
		Folder folder = requireFolder(userId, folderId);
		if (folder.role() != null) {
			throw new MailboxException(MailboxException.Reason.SYSTEM_FOLDER, "System folders cannot be deleted");
		}
		List<Long> messages = this.jdbc.sql("""
				with recursive below as (
				  select id from folders where id = :folder
				  union all select f.id from folders f join below b on f.parent_id = b.id)
				select m.id from messages m where m.folder_id in (select id from below) and m.user_id = :user
				""").param("folder", folderId).param("user", userId).query(Long.class).list();
		int moved = this.messages.move(userId, messages, this.messages.folderOf(userId, FolderRole.TRASH));
		this.jdbc.sql("delete from folders where id = :id and user_id = :user")
			.param("id", folderId)
			.param("user", userId)
			.update();
		this.events.publishEvent(new MailboxChanged(userId));
		return moved;
	}

	/**
	 * Subscribes to a folder or not (IMAP SUBSCRIBE, LSUB).
	 * @throws MailboxException NOT_FOUND when the folder is not the user's
	 */
	@Transactional
	public void setSubscribed(long userId, long folderId, boolean subscribed) {
		int updated = this.jdbc.sql("update folders set subscribed = :subscribed where id = :id and user_id = :user")
			.param("subscribed", subscribed)
			.param("id", folderId)
			.param("user", userId)
			.update();
		if (updated == 0) {
			throw new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder");
		}
	}

	/** The user's folder, or empty when there is no such folder of theirs. */
	@Transactional(readOnly = true)
	public java.util.Optional<Folder> findFolder(long userId, long folderId) {
		return listFolders(userId).stream().filter((folder) -> folder.id() == folderId).findFirst();
	}

	private Folder requireFolder(long userId, long folderId) {
		return findFolder(userId, folderId)
			.orElseThrow(() -> new MailboxException(MailboxException.Reason.NOT_FOUND, "No such folder"));
	}

	private void requireFree(long userId, Long parentId, String name, Long except) {
		boolean taken = this.jdbc.sql("""
				select exists (select 1 from folders where user_id = :user and parent_id is not distinct from :parent
				  and lower(name) = lower(:name) and id is distinct from :except)
				""")
			.param("user", userId)
			.param("parent", parentId, java.sql.Types.BIGINT)
			.param("name", name)
			.param("except", except, java.sql.Types.BIGINT)
			.query(Boolean.class)
			.single();
		if (taken) {
			throw new MailboxException(MailboxException.Reason.NAME_TAKEN, "A folder named " + name + " exists there");
		}
	}

	/**
	 * A folder name as IMAP can carry it: not empty, at most 200 characters, no slash
	 * (our hierarchy delimiter) and no control characters.
	 */
	static String validName(String name) {
		String clean = (name != null) ? name.strip() : "";
		if (clean.isEmpty() || clean.length() > 200 || clean.indexOf('/') >= 0
				|| clean.chars().anyMatch(Character::isISOControl) || clean.equalsIgnoreCase("INBOX")) {
			throw new MailboxException(MailboxException.Reason.INVALID_NAME,
					"A folder name needs 1 to 200 characters, none of them a slash or control character");
		}
		return clean;
	}

}
