package dev.mailroom.mailbox;

/**
 * Published for each message placed in a folder, inside the storing transaction;
 * listeners that tell the outside world (IMAP IDLE, the inbox page) should use
 * {@code @TransactionalEventListener} so they only see committed mail.
 */
public record MessageStored(long userId, long folderId, long messageId, long uid) {
}
