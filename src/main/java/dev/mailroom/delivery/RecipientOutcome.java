package dev.mailroom.delivery;

import java.time.Instant;

/**
 * Published after the outbound queue recorded one remote recipient's attempt: delivered,
 * deferred (tried again at {@code nextAttemptAt}) or bounced. Not in a transaction.
 *
 * @param contentId the stored message
 * @param messageId its Message-ID without angle brackets, null when it has none
 * @param submittedBy the user who sent it, null for mail that came in by SMTP relay or a
 * bounce
 * @param state delivered, deferred or bounced
 * @param reply the remote server's answer, or why no server could be reached
 * @param attempts attempts so far, this one included
 * @param nextAttemptAt when deferred, the next try; null otherwise
 */
public record RecipientOutcome(long contentId, String messageId, Long submittedBy, String recipient, String state,
		String reply, int attempts, Instant nextAttemptAt) {
}
