package dev.mailroom.mailbox;

/**
 * Published after a user changed their mailbox (flags, moves, deletions, folders) through
 * {@link MessageService} or {@link MailboxService}, once the change is committed: other
 * open views of the same mailbox (another browser tab, IMAP IDLE) refresh on it. New mail
 * is announced by {@link MessageStored} instead.
 */
public record MailboxChanged(long userId) {
}
