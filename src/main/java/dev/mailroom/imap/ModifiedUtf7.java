package dev.mailroom.imap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 5.1.3): printable ASCII stays, {@code &}
 * becomes {@code &-}, anything else is UTF-16 in modified base64 between {@code &} and
 * {@code -}. {@code 보관함} is {@code &vPSwuNGo-}.
 */
final class ModifiedUtf7 {

	private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	private ModifiedUtf7() {
	}

	static String encode(String name) {
		StringBuilder out = new StringBuilder(name.length() + 8);
		int i = 0;
		while (i < name.length()) {
			char c = name.charAt(i);
			if (c >= 0x20 && c <= 0x7e) {
				out.append(c);
				if (c == '&') {
					out.append('-');
				}
				i++;
				continue;
			}
			int start = i;
			while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
				i++;
			}
			byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
			out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
		}
		return out.toString();
	}

	/**
	 * Decodes a name; characters outside ASCII are kept as they are (clients that send
	 * UTF-8 names), and a malformed shift sequence is refused.
	 */
	static String decode(String name) {
		StringBuilder out = new StringBuilder(name.length());
		int i = 0;
		while (i < name.length()) {
			char c = name.charAt(i);
			if (c != '&') {
				out.append(c);
				i++;
				continue;
			}
			int end = name.indexOf('-', i + 1);
			if (end < 0) {
				throw ImapException.bad("Invalid modified UTF-7 in mailbox name");
			}
			if (end == i + 1) {
				out.append('&');
			}
			else {
				String encoded = name.substring(i + 1, end).replace(',', '/');
				try {
					byte[] utf16 = DECODER.decode(encoded);
					if (utf16.length % 2 != 0) {
						throw ImapException.bad("Invalid modified UTF-7 in mailbox name");
					}
					out.append(StandardCharsets.UTF_16BE.newDecoder().decode(ByteBuffer.wrap(utf16)));
				}
				catch (IllegalArgumentException | java.nio.charset.CharacterCodingException ex) {
					throw ImapException.bad("Invalid modified UTF-7 in mailbox name");
				}
			}
			i = end + 1;
		}
		return out.toString();
	}

}
