package dev.mailroom.mailbox;

import java.util.List;

/**
 * The outcome of a flag change.
 *
 * @param messages every addressed message that is still there and was not refused, with
 * its flags and mod-sequence after the change
 * @param modified UIDs refused because they changed after the caller's
 * {@code unchangedSince} (RFC 7162 3.1.3)
 */
public record StoreResult(List<UidMessage> messages, List<Long> modified) {
}
