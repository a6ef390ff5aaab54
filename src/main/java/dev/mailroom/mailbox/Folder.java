package dev.mailroom.mailbox;

/**
 * A folder (IMAP mailbox) of one user.
 *
 * @param parentId the enclosing folder, null at the top level
 * @param role the special role, null for a user's own folder
 */
public record Folder(long id, long userId, Long parentId, String name, FolderRole role, long uidValidity, long uidNext,
		long highestModSeq, boolean subscribed) {
}
