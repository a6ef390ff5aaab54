package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B?...?=} and
 * {@code =?charset?Q?...?=}) in an unfolded header value, leniently, the way real clients
 * need it.
 */
public final class EncodedWords {

	static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?]*)\\?=");

	private EncodedWords() {
	}

	/**
	 * Decodes every encoded word in {@code headerValue}. Adjacent encoded words
	 * (separated only by whitespace) lose the whitespace between them, and their bytes
	 * are joined before charset-decoding when they share a charset, so a multi-byte
	 * character split across two words survives. Encoded words glued to surrounding text
	 * are decoded too; malformed ones are left as they are, and an unknown charset is
	 * guessed (UTF-8, else windows-949).
	 * @param headerValue an unfolded header value, may be null
	 * @return the decoded value, null only when {@code headerValue} is null
	 */
	public static String decode(String headerValue) {
		if (headerValue == null || !headerValue.contains("=?")) {
			return headerValue;
		}
		Matcher matcher = ENCODED_WORD.matcher(headerValue);
		StringBuilder out = new StringBuilder(headerValue.length());
		Run run = null;
		int position = 0;
		while (matcher.find()) {
			byte[] bytes = decodeText(matcher.group(2), matcher.group(3));
			if (bytes == null) {
				// Malformed: stays in the text between words, as written.
				continue;
			}
			String label = stripLanguage(matcher.group(1));
			String between = headerValue.substring(position, matcher.start());
			boolean adjacent = run != null && between.isBlank();
			if (adjacent && run.accepts(label)) {
				run.bytes.writeBytes(bytes);
			}
			else {
				if (run != null) {
					out.append(run.decode());
				}
				if (!adjacent) {
					out.append(between);
				}
				run = new Run(label);
				run.bytes.writeBytes(bytes);
			}
			position = matcher.end();
		}
		if (run != null) {
			out.append(run.decode());
		}
		out.append(headerValue, position, headerValue.length());
		return out.toString();
	}

	/**
	 * RFC 2231 section 5 allows a language after the charset: {@code =?utf-8*ko?B?...?=}.
	 */
	private static String stripLanguage(String label) {
		int star = label.indexOf('*');
		return (star >= 0) ? label.substring(0, star) : label;
	}

	private static byte[] decodeText(String encoding, String text) {
		return (encoding.equalsIgnoreCase("B")) ? decodeBase64(text) : decodeQ(text);
	}

	static byte[] decodeBase64(String text) {
		StringBuilder clean = new StringBuilder(text.length() + 3);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '=') {
				break;
			}
			if (Character.isWhitespace(c)) {
				continue;
			}
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
				return null;
			}
			clean.append(c);
		}
		if (clean.length() % 4 == 1) {
			// A lone trailing sextet carries no whole byte.
			clean.setLength(clean.length() - 1);
		}
		while (clean.length() % 4 != 0) {
			clean.append('=');
		}
		try {
			return Base64.getDecoder().decode(clean.toString());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] decodeQ(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '_') {
				out.write(' ');
			}
			else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
				out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else if (c > 0xff) {
				return null;
			}
			else {
				out.write(c);
			}
		}
		return out.toByteArray();
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/** Consecutive encoded words in one charset, decoded together. */
	private static final class Run {

		private final String label;

		private final Charset charset;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		Run(String label) {
			this.label = label.toLowerCase(Locale.ROOT);
			this.charset = Charsets.forLabel(label);
		}

		boolean accepts(String otherLabel) {
			Charset other = Charsets.forLabel(otherLabel);
			if (this.charset != null || other != null) {
				return this.charset != null && this.charset.equals(other);
			}
			return this.label.equals(otherLabel.toLowerCase(Locale.ROOT));
		}

		String decode() {
			byte[] data = this.bytes.toByteArray();
			return (this.charset != null) ? new String(data, this.charset) : Charsets.decodeUndeclared(data);
		}

	}

}
