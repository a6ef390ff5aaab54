package dev.mailroom.delivery;

import java.time.Instant;

/**
 * Where one recipient of a message a user sent stands, local or remote.
 *
 * @param recipient the address as it was sent to
 * @param local whether it is a user (or alias) of this server: then the message was
 * placed in their INBOX in the sending transaction, and the state is delivered at once
 * @param state scheduled, queued, delivering, delivered, deferred or bounced; skipped for
 * an address of a local domain that had no user when the message went
 * @param attempts delivery attempts so far (0 for local recipients)
 * @param lastReply the remote server's last answer, or why no server could be reached;
 * null for local recipients and before the first attempt
 * @param nextAttemptAt when the next try is due (queued, deferred), or the send time of a
 * scheduled message; null otherwise
 * @param deliveredAt when it was delivered, null until then
 */
public record RecipientDelivery(String recipient, boolean local, String state, int attempts, String lastReply,
		Instant nextAttemptAt, Instant deliveredAt) {
}
