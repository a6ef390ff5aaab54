package dev.mailroom.mailbox;

/**
 * A message as placed in one folder.
 *
 * @param id the message's id (one per folder copy)
 * @param uid its IMAP UID in that folder
 * @param contentId the shared raw content, the same for every copy of one delivery
 */
public record StoredMessage(long id, long userId, long folderId, long uid, long modSeq, long threadId, long contentId) {
}
