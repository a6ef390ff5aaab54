package dev.mailroom.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A message waiting in the outbox for its send time: the few seconds of "undo send", or a
 * time the user chose.
 *
 * @param id the outbox id, to cancel it with
 * @param messageId its Message-ID, without angle brackets
 * @param subject its subject, empty when none
 * @param recipients every recipient of its envelope, Bcc included
 * @param sendAt when it goes
 * @param draftMessageId the draft it was written in (deleted from Drafts when it was
 * scheduled), null when none
 */
public record ScheduledSend(long id, String messageId, String subject, List<String> recipients, Instant sendAt,
		Long draftMessageId) {

	public ScheduledSend {
		recipients = List.copyOf(recipients);
	}

}
