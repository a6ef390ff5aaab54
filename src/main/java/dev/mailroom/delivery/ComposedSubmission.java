package dev.mailroom.delivery;

import dev.mailroom.mailbox.StoredMessage;

/**
 * A message written in Mailroom, once committed.
 *
 * @param messageId its Message-ID, without angle brackets
 * @param sentCopy the copy in the sender's Sent folder
 * @param submission what became of its recipients
 */
public record ComposedSubmission(String messageId, StoredMessage sentCopy, Submission submission) {
}
