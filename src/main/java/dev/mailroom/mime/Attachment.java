package dev.mailroom.mime;

import java.util.Objects;

/**
 * A file to attach to a {@link Draft}: sent base64-encoded, named with RFC 2231 (and an
 * RFC 2047 fallback for old clients).
 *
 * @param filename the file name as shown to the recipient, null for none
 * @param contentType {@code type/subtype} with optional parameters; null means
 * application/octet-stream
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
