package dev.mailroom.mailbox;

/**
 * A message placed in a folder but not yet numbered: invisible to readers until
 * {@link MessageStore#assignUids(java.util.List)} gives it a UID.
 */
public record PendingMessage(long id, long userId, long folderId, long contentId) {
}
