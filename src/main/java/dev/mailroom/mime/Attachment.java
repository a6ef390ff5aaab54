package dev.mailroom.mime;

import java.util.Objects;

/**
 * A file to attach to a {@link Draft}: sent base64-encoded, named with RFC 2231 (and an
 * RFC 2047 fallback for old clients). A whole message forwarded as an attachment
 * ({@link #message(String, byte[])}, content type message/rfc822) is written as it is
 * instead, see {@link MessageComposer}.
 *
 * @param filename the file name as shown to the recipient, null for none
 * @param contentType {@code type/subtype} with optional parameters; null means
 * application/octet-stream; multipart and message types other than message/rfc822 are
 * refused
 * @param content the bytes of the file
 * @param inline whether the file is a resource of the HTML body (an image referenced by
 * {@code cid:}) rather than an attachment; inline files need a {@code contentId}
 * @param contentId the Content-ID without angle brackets, referenced from the HTML as
 * {@code cid:contentId}; null for none
 */
public record Attachment(String filename, String contentType, byte[] content, boolean inline, String contentId) {

	public Attachment {
		Objects.requireNonNull(content, "content");
	}

	/**
	 * An attachment (not inline) without a Content-ID.
	 * @param filename the file name
	 * @param contentType the content type, null for application/octet-stream
	 * @param content the bytes
	 * @return the attachment
	 */
	public static Attachment file(String filename, String contentType, byte[] content) {
		return new Attachment(filename, contentType, content, false, null);
	}

	/**
	 * A whole message forwarded as an attachment: a message/rfc822 part with disposition
	 * attachment, written 7bit or 8bit as RFC 2046 5.2.1 requires (an mbox "From " line
	 * dropped, line breaks made CRLF). A message that is not 8bit-safe (a NUL, a line
	 * over 998 octets) is attached as an application/octet-stream file in base64 instead.
	 * @param filename the file name, such as {@link #messageFileName(String)} of the
	 * forwarded subject; null for none
	 * @param raw the RFC 5322 message, headers and body, as stored
	 * @return the attachment
	 */
	public static Attachment message(String filename, byte[] raw) {
		return new Attachment(filename, HeaderFields.MESSAGE_RFC822, raw, false, null);
	}

	/**
	 * The file name of a forwarded message, as Gmail and Thunderbird name it and as
	 * {@link MimePart#filename()} reports an unnamed message/rfc822 part: the subject
	 * with {@code \ / : * ? " < > |} and control characters replaced by {@code _}, cut to
	 * 100 characters, plus ".eml"; "message.eml" when the subject is empty.
	 * @param subject the decoded subject of the forwarded message, may be null
	 * @return the file name
	 */
	public static String messageFileName(String subject) {
		String name = (subject != null) ? PartNode.messageFileName(subject) : null;
		return (name != null) ? name : "message.eml";
	}

	/**
	 * An inline resource of the HTML body, referenced there as {@code cid:contentId}.
	 * @param filename the file name, may be null
	 * @param contentType the content type, such as image/png
	 * @param content the bytes
	 * @param contentId the Content-ID without angle brackets
	 * @return the inline attachment
	 */
	public static Attachment inline(String filename, String contentType, byte[] content, String contentId) {
		return new Attachment(filename, contentType, content, true, contentId);
	}

}
