package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Prepares a whole message for a message/rfc822 part of a composed message.
 *
 * <p>
 * RFC 2046 5.2.1 permits no Content-Transfer-Encoding but 7bit, 8bit and binary for
 * message/rfc822: the embedded message is written as it is, its own parts keeping their
 * own encodings. Binary needs BINARYMIME (RFC 3030) all the way and is never used. So a
 * message goes as message/rfc822 when its bytes are 7bit or 8bit data (RFC 2045 2.7 and
 * 2.8): no NUL, CR and LF only as CRLF, lines of at most 998 octets. Line breaks are made
 * CRLF first (RFC 5322 2.3: bare CR and LF do not belong in a message, and SMTP would
 * change them anyway), and an mbox "From " separator line is dropped. A message that is
 * still not 8bit-safe (a NUL, a longer line) cannot be a message/rfc822 part; the
 * composer then attaches it as application/octet-stream in base64, still named
 * {@code .eml}, so that its bytes arrive intact and mail programs open it as a message.
 */
final class EmbeddedMessages {

	/** RFC 5322 2.1.1: lines MUST be at most 998 octets, excluding the CRLF. */
	static final int MAX_LINE = 998;

	static final String SEVEN_BIT = "7bit";

	static final String EIGHT_BIT = "8bit";

	private EmbeddedMessages() {
	}

	/**
	 * The message to embed, with CRLF line breaks and without an mbox separator line, and
	 * its transfer encoding.
	 * @param raw the message
	 * @return the prepared message; its encoding is null when the message is not
	 * 8bit-safe
	 * @throws IllegalArgumentException when the message is empty
	 */
	static Prepared prepare(byte[] raw) {
		byte[] content = crlf(withoutMboxSeparator(raw));
		if (content.length == 0) {
			throw new IllegalArgumentException("A forwarded message is empty");
		}
		return new Prepared(content, encoding(content));
	}

	/**
	 * "7bit" or "8bit" for CRLF-only content without NUL and lines of at most 998 octets,
	 * else null.
	 */
	static String encoding(byte[] crlfContent) {
		boolean eightBit = false;
		int lineLength = 0;
		for (int i = 0; i < crlfContent.length; i++) {
			int b = crlfContent[i] & 0xff;
			if (b == '\r' && i + 1 < crlfContent.length && crlfContent[i + 1] == '\n') {
				i++;
				lineLength = 0;
				continue;
			}
			if (b == 0 || b == '\r' || b == '\n' || ++lineLength > MAX_LINE) {
				return null;
			}
			eightBit |= b > 0x7f;
		}
		return eightBit ? EIGHT_BIT : SEVEN_BIT;
	}

	/** RFC 4155: a line "From sender date" separates messages in an mbox file. */
	private static byte[] withoutMboxSeparator(byte[] raw) {
		byte[] prefix = { 'F', 'r', 'o', 'm', ' ' };
		if (raw.length < prefix.length) {
			return raw;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (raw[i] != prefix[i]) {
				return raw;
			}
		}
		int start = 0;
		while (start < raw.length && raw[start] != '\n') {
			start++;
		}
		return Arrays.copyOfRange(raw, Math.min(start + 1, raw.length), raw.length);
	}

	/** Bare CR and bare LF become CRLF; the array is returned as it is when all are. */
	private static byte[] crlf(byte[] raw) {
		boolean clean = true;
		for (int i = 0; i < raw.length && clean; i++) {
			if (raw[i] == '\r') {
				clean = i + 1 < raw.length && raw[i + 1] == '\n';
				i++;
			}
			else if (raw[i] == '\n') {
				clean = false;
			}
		}
		if (clean) {
			return raw;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 32 + 2);
		for (int i = 0; i < raw.length; i++) {
			byte b = raw[i];
			if (b == '\r') {
				if (i + 1 < raw.length && raw[i + 1] == '\n') {
					i++;
				}
				out.write('\r');
				out.write('\n');
			}
			else if (b == '\n') {
				out.write('\r');
				out.write('\n');
			}
			else {
				out.write(b);
			}
		}
		return out.toByteArray();
	}

	/**
	 * A message ready to embed.
	 *
	 * @param content the bytes to write
	 * @param encoding "7bit" or "8bit", null when the message is not 8bit-safe
	 */
	record Prepared(byte[] content, String encoding) {

	}

}
