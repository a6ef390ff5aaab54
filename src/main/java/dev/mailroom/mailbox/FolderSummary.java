package dev.mailroom.mailbox;

/**
 * A folder with its message counts, for a sidebar or an IMAP STATUS.
 *
 * @param parentId the enclosing folder, null at the top level
 * @param role the special role, null for a user's own folder
 * @param unread messages without {@code \Seen}
 * @param total all messages
 */
public record FolderSummary(long id, Long parentId, String name, FolderRole role, long unread, long total) {

	public boolean isSystem() {
		return this.role != null;
	}

}
