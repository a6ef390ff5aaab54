package dev.mailroom.delivery;

import dev.mailroom.mailbox.StoredMessage;

/**
 * A message written in Mailroom, once committed.
 *
 * @param messageId its Message-ID, without angle brackets
 * @param sentCopy the copy in the sender's Sent folder; null in the rare case it is
 * stored but not numbered yet (the mailbox's leftover job numbers it within seconds)
 * @param submission what became of its recipients
 */
public record ComposedSubmission(String messageId, StoredMessage sentCopy, Submission submission) {
}
