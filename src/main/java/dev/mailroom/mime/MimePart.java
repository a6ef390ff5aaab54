package dev.mailroom.mime;

import java.util.List;

/**
 * One node of a message's body tree, decoded for display.
 *
 * <p>
 * Part numbers follow IMAP (RFC 3501 6.4.5): the body of a single-part message is "1";
 * the top multipart is "" and its children "1", "2", their children "1.1", "1.2" and so
 * on. A message/rfc822 part at path P has the root of the embedded message as its only
 * child: a single-part embedded body is "P.1" (as in IMAP), an embedded multipart is
 * "P.TEXT" (the IMAP name for an embedded message's body) and its children are "P.1",
 * "P.2".
 *
 * @param path the IMAP part number, see above
 * @param contentType lower-case {@code type/subtype}; text/plain when absent or invalid
 * @param charset the Java name of the charset the text was decoded with, null for
 * non-text parts
 * @param disposition "inline", "attachment" or null: as declared, except that parts of a
 * multipart/related other than its root are "inline" when they declare nothing
 * @param filename the decoded file name (RFC 2231 or RFC 2047, from Content-Disposition
 * or the Content-Type name) without any directory; for message/rfc822 parts without one,
 * the embedded subject plus ".eml"
 * @param contentId Content-ID without angle brackets, null when absent
 * @param size the decoded size in bytes of a leaf's content; -1 for multipart and
 * message/rfc822 parts, whose content is parsed rather than read, and for parts not read
 * @param text the decoded text of text/plain and text/html parts with line breaks as LF,
 * at most {@link #MAX_TEXT_CHARS} characters; null for other parts
 * @param truncated whether {@code text} was cut at {@link #MAX_TEXT_CHARS}
 * @param children the parts of a multipart, or the root of a message/rfc822 part's
 * message
 */
public record MimePart(String path, String contentType, String charset, String disposition, String filename,
		String contentId, long size, String text, boolean truncated, List<MimePart> children) {

	public static final int MAX_TEXT_CHARS = 1_000_000;

	public MimePart {
		children = (children != null) ? List.copyOf(children) : List.of();
	}

	/**
	 * Whether this part is shown as an attachment, the rule behind
	 * {@link MessageSummary#hasAttachments()}.
	 * @return true for a part Gmail would show with a paperclip
	 * @see #isAttachment(String, String, String, String)
	 */
	public boolean isAttachment() {
		return isAttachment(this.contentType, this.disposition, this.filename, this.contentId);
	}

	/**
	 * The attachment rule, meant to match what Gmail shows with a paperclip:
	 * <ol>
	 * <li>a multipart is never an attachment;</li>
	 * <li>disposition attachment always is (even text);</li>
	 * <li>a message/rfc822 part (a forwarded message) is;</li>
	 * <li>an inline part with a Content-ID is not: it is a resource of a
	 * multipart/related body, such as an image referenced by {@code cid:} from the
	 * HTML;</li>
	 * <li>a part with a file name is, unless it is a text/plain or text/html body
	 * explicitly displayed inline;</li>
	 * <li>otherwise any non-text leaf is (an unnamed PDF or image in a multipart/mixed),
	 * a text part is not.</li>
	 * </ol>
	 */
	static boolean isAttachment(String contentType, String disposition, String filename, String contentId) {
		if (contentType.startsWith("multipart/")) {
			return false;
		}
		if ("attachment".equals(disposition)) {
			return true;
		}
		if (contentType.equals("message/rfc822")) {
			return true;
		}
		boolean inline = "inline".equals(disposition);
		if (inline && contentId != null) {
			return false;
		}
		if (filename != null) {
			return !(inline && (contentType.equals("text/plain") || contentType.equals("text/html")));
		}
		return !contentType.startsWith("text/");
	}

}
