package dev.mailroom.mailbox;

import dev.mailroom.mime.MessageSummary;

/**
 * Raw message bytes stored once, with their parsed summary; shared by every folder copy.
 */
public record StoredContent(long id, long size, MessageSummary summary) {
}
