package dev.mailroom.mime;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a mailbox listing needs to know about a message, decoded from its headers and
 * first text part. Every field is best-effort: a malformed message yields empty lists and
 * nulls, never an exception.
 *
 * @param subject decoded Subject, empty when absent
 * @param date the Date header with its offset, null when absent or unparseable
 * @param messageId Message-ID without angle brackets, null when absent
 * @param inReplyTo first id of In-Reply-To without angle brackets, null when absent
 * @param references ids from References, oldest first, without angle brackets
 * @param preview the start of the plain text (from text/plain, else text/html stripped of
 * markup), whitespace collapsed, at most {@link #PREVIEW_LENGTH} characters
 * @param hasAttachments true when any part is an attachment (a file name or disposition
 * attachment, not the text bodies or inline images of multipart/related)
 */
public record MessageSummary(List<Mailbox> from, List<Mailbox> to, List<Mailbox> cc, List<Mailbox> replyTo,
		String subject, OffsetDateTime date, String messageId, String inReplyTo, List<String> references,
		String preview, boolean hasAttachments) {

	public static final int PREVIEW_LENGTH = 200;

}
