package dev.mailroom.mailbox;

import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A folder's messages as files, for file-based access (FTP): every message of a folder at
 * once by UID, one message by UID, and importing an uploaded message into any folder of
 * the user. Every method is scoped to the user: another user's folder behaves as a
 * missing one.
 */
@Service
public class FolderFiles {

	private static final String COLUMNS = """
			m.id, m.uid, m.content_id, m.internal_date, m.size, coalesce(c.subject, '') as subject, c.has_attachments
			""";

	private final JdbcClient jdbc;

	private final MessageStore store;

	private final TransactionTemplate transactions;

	FolderFiles(JdbcClient jdbc, MessageStore store, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.store = store;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Every message of the user's folder, by UID; empty when the folder is not theirs.
	 */
	@Transactional(readOnly = true)
	public List<FolderFile> list(long userId, long folderId) {
		return this.jdbc.sql("select " + COLUMNS + """
				from messages m join message_contents c on c.id = m.content_id
				where m.folder_id = :folder and m.user_id = :user and m.uid is not null
				order by m.uid
				""").param("folder", folderId).param("user", userId).query(FolderFiles::file).list();
	}

	/** The message with this UID in the user's folder, or empty. */
	@Transactional(readOnly = true)
	public Optional<FolderFile> find(long userId, long folderId, long uid) {
		return this.jdbc.sql("select " + COLUMNS + """
				from messages m join message_contents c on c.id = m.content_id
				where m.folder_id = :folder and m.user_id = :user and m.uid = :uid
				""")
			.param("folder", folderId)
			.param("user", userId)
			.param("uid", uid)
			.query(FolderFiles::file)
			.optional();
	}

	/** Whether the user's folder holds any message. */
	@Transactional(readOnly = true)
	public boolean hasMessages(long userId, long folderId) {
		return this.jdbc.sql("select exists (select 1 from messages where folder_id = :folder and user_id = :user)")
			.param("folder", folderId)
			.param("user", userId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Stores an uploaded message in a folder of the user, parsed and kept like delivered
	 * mail (the webmail, the API and IMAP list it). Returns once it has its UID.
	 * @param raw the RFC 5322 bytes, read to the end
	 * @param seen whether it is marked read
	 * @throws MailboxException NOT_FOUND when the folder is not the user's
	 */
	public StoredMessage importMessage(long userId, long folderId, InputStream raw, Instant internalDate,
			boolean seen) {
		MessageFlags flags = new MessageFlags(seen, false, false, false, false, List.of());
		// As an IMAP APPEND: parsed and stored like delivered mail, in the user's own
		// folder only.
		PendingMessage pending = this.transactions.execute((status) -> this.store
			.placeInFolder(this.store.storeContent(raw), userId, folderId, flags, internalDate));
		return this.store.assignUids(List.of(pending)).get(0);
	}

	private static FolderFile file(ResultSet rs, int row) throws SQLException {
		return new FolderFile(rs.getLong("id"), rs.getLong("uid"), rs.getLong("content_id"),
				rs.getTimestamp("internal_date").toInstant(), rs.getLong("size"), rs.getString("subject"),
				rs.getBoolean("has_attachments"));
	}

}
