package dev.mailroom.mailbox;

import java.util.List;

import dev.mailroom.account.UserCreated;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Folders of a user: the mailbox module's facade for folder structure. */
@Service
public class MailboxService {

	private final JdbcClient jdbc;

	MailboxService(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

}
