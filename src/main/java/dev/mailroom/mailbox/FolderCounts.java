package dev.mailroom.mailbox;

/**
 * A folder's numbers for IMAP STATUS.
 *
 * @param messages how many messages it holds
 * @param unseen those without {@code \Seen}
 * @param size their raw bytes together
 */
public record FolderCounts(long messages, long unseen, long size) {
}
