package dev.mailroom.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A message as placed in one folder.
 *
 * @param id the message's id (one per folder copy)
 * @param uid its IMAP UID in that folder
 * @param contentId the shared raw content, the same for every copy of one delivery
 */
public record StoredMessage(long id, long userId, long folderId, long uid, long modSeq, long threadId, long contentId) {

	/** From a row of {@code messages} with these columns. */
	static StoredMessage fromRow(ResultSet rs, int row) throws SQLException {
		return new StoredMessage(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("folder_id"), rs.getLong("uid"),
				rs.getLong("modseq"), rs.getLong("thread_id"), rs.getLong("content_id"));
	}

}
