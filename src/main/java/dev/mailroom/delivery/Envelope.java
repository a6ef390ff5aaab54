package dev.mailroom.delivery;

import java.util.List;

/**
 * The SMTP envelope of a message.
 *
 * @param sender the reverse-path; empty for the null sender {@code <>} of bounces
 * @param recipients the forward-paths, each {@code local@domain}
 * @param submitterId the authenticated user who submitted it, null for mail from other
 * servers
 */
public record Envelope(String sender, List<String> recipients, Long submitterId) {

	public Envelope {
		sender = (sender != null) ? sender : "";
		recipients = List.copyOf(recipients);
	}

}
