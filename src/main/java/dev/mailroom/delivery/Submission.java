package dev.mailroom.delivery;

import java.util.List;

import dev.mailroom.mailbox.StoredMessage;

/**
 * What became of a submitted message, once committed.
 *
 * @param contentId the stored raw message, shared by every local copy and queued
 * recipient
 * @param delivered the copies placed in local INBOXes
 * @param queued recipients waiting for outbound delivery
 * @param skipped recipients that could not be delivered or queued (an address that
 * stopped existing between RCPT and the end of DATA)
 */
public record Submission(long contentId, List<StoredMessage> delivered, List<String> queued, List<String> skipped) {
}
