package dev.mailroom.delivery;

import java.time.Instant;

/**
 * Where one remote recipient of a message stands.
 *
 * @param state queued, delivering, delivered, deferred or bounced
 * @param lastReply the remote server's last answer (or why no server could be reached)
 * @param nextAttempt when the next try is due, for queued and deferred recipients
 */
public record RecipientStatus(String recipient, String state, int attempts, String lastReply, Instant nextAttempt,
		Instant deliveredAt) {
}
