package dev.mailroom.mime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message to compose: what the webmail or API user wrote. Null lists and maps are taken
 * as empty.
 *
 * @param from the author, required
 * @param to the To recipients
 * @param cc the Cc recipients
 * @param bcc the Bcc recipients: for the envelope only, never written into the message
 * @param replyTo the Reply-To addresses
 * @param subject the subject, null or empty for none
 * @param text the plain text body, line breaks as LF or CRLF; null for none
 * @param html the HTML body; null for none (at least one of text and html is required)
 * @param attachments attachments and inline resources of the HTML body
 * @param inReplyTo the Message-ID replied to, with or without angle brackets; null for
 * none
 * @param references the Message-IDs of the thread, oldest first
 * @param extraHeaders further header fields in iteration order, such as
 * {@code List-Unsubscribe}; values are unstructured text (RFC 2047 encoded when not
 * ASCII), and fields the composer writes itself are refused
 */
public record Draft(Mailbox from, List<Mailbox> to, List<Mailbox> cc, List<Mailbox> bcc, List<Mailbox> replyTo,
		String subject, String text, String html, List<Attachment> attachments, String inReplyTo,
		List<String> references, Map<String, String> extraHeaders) {

	public Draft {
		to = (to != null) ? List.copyOf(to) : List.of();
		cc = (cc != null) ? List.copyOf(cc) : List.of();
		bcc = (bcc != null) ? List.copyOf(bcc) : List.of();
		replyTo = (replyTo != null) ? List.copyOf(replyTo) : List.of();
		attachments = (attachments != null) ? List.copyOf(attachments) : List.of();
		references = (references != null) ? List.copyOf(references) : List.of();
		// Keeps the caller's order: header fields are written as iterated.
		extraHeaders = (extraHeaders != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders))
				: Map.of();
	}

}
