package dev.mailroom.mime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP Content-Disposition header value for downloading an attachment (RFC 6266 with
 * the RFC 5987 extended parameter), as in
 * {@code attachment; filename="___ 2026.pdf"; filename*=UTF-8''%EA%B2%AC...%202026.pdf}.
 *
 * <p>
 * The file name is made safe first ({@link #safeName(String)}): control characters (CR,
 * LF, NUL and the others), bidirectional overrides (which make {@code exe.pdf} of
 * {@code fdp.exe}) and path separators cannot reach the header or the saved file. Then it
 * is written twice: {@code filename*} with the UTF-8 name percent-encoded, which every
 * current browser prefers, and before it a plain {@code filename} with an ASCII-only
 * fallback ({@link #asciiFallback(String)}) for the rest. Stateless.
 */
public final class HttpFilenames {

	/** Most file systems refuse longer names: 255 UTF-8 octets. */
	public static final int MAX_NAME_BYTES = 255;

	/** The name used when nothing of the given one is left. */
	public static final String DEFAULT_NAME = "download";

	/** An extension is kept through truncation when it is at most this long. */
	private static final int MAX_EXTENSION = 16;

	private HttpFilenames() {
	}

	/**
	 * {@code attachment; filename="..."; filename*=UTF-8''...}: the browser saves the
	 * file.
	 * @param filename the decoded file name, such as {@link MimePart#filename()}; null
	 * for none
	 * @return the header value, plain ASCII without CR or LF; {@code attachment} alone
	 * when {@code filename} is null
	 */
	public static String attachment(String filename) {
		return contentDisposition("attachment", filename);
	}

	/**
	 * {@code inline; filename="..."; filename*=UTF-8''...}: the browser shows the file
	 * when it can, and names it so when it is saved.
	 * @param filename the decoded file name; null for none
	 * @return the header value, plain ASCII without CR or LF
	 */
	public static String inline(String filename) {
		return contentDisposition("inline", filename);
	}

	/**
	 * The Content-Disposition header value.
	 * @param type "attachment" or "inline" (in any case)
	 * @param filename the decoded file name, made safe with {@link #safeName(String)};
	 * null for none
	 * @return {@code type; filename="fallback"; filename*=UTF-8''percent-encoded}, or the
	 * type alone when {@code filename} is null
	 * @throws IllegalArgumentException when {@code type} is neither attachment nor inline
	 */
	public static String contentDisposition(String type, String filename) {
		String disposition = (type != null) ? type.toLowerCase(Locale.ROOT) : null;
		if (!"attachment".equals(disposition) && !"inline".equals(disposition)) {
			throw new IllegalArgumentException("Not a disposition type: " + type);
		}
		if (filename == null) {
			return disposition;
		}
		String name = safeName(filename);
		return disposition + "; filename=\"" + fallbackOfSafeName(name) + "\"; filename*=UTF-8''" + percentEncode(name);
	}

	/**
	 * The file name made safe to save: control characters (C0, DEL, C1, line and
	 * paragraph separators) and bidirectional formatting characters removed, {@code /}
	 * and {@code \} replaced by {@code _}, leading dots and blanks and trailing dots and
	 * blanks removed (no hidden files, no {@code ..}, nothing Windows would trim), then
	 * cut to {@link #MAX_NAME_BYTES} UTF-8 octets on a character boundary, keeping a
	 * short extension.
	 * @param filename the file name
	 * @return the safe name; {@link #DEFAULT_NAME} when nothing is left
	 */
	public static String safeName(String filename) {
		if (filename == null) {
			return DEFAULT_NAME;
		}
		StringBuilder name = new StringBuilder(filename.length());
		filename.codePoints().forEach((c) -> {
			if (c == '/' || c == '\\') {
				name.append('_');
			}
			else if (!isInvisible(c)) {
				name.appendCodePoint(c);
			}
		});
		String trimmed = trim(name.toString());
		if (trimmed.isEmpty()) {
			return DEFAULT_NAME;
		}
		return trim(truncate(trimmed));
	}

	/**
	 * The ASCII-only name for the plain {@code filename} parameter: the
	 * {@link #safeName(String) safe name} with every character but printable ASCII, and
	 * {@code " \ % * : < > ? |} (quoting, percent-decoding user agents, Windows),
	 * replaced by {@code _}, one for each character.
	 * @param filename the file name
	 * @return the fallback name, at most {@link #MAX_NAME_BYTES} characters
	 */
	public static String asciiFallback(String filename) {
		return fallbackOfSafeName(safeName(filename));
	}

	private static String fallbackOfSafeName(String name) {
		StringBuilder fallback = new StringBuilder(name.length());
		name.codePoints().forEach((c) -> {
			boolean safe = c >= 0x20 && c < 0x7f && "\"\\%*:<>?|/".indexOf(c) < 0;
			fallback.append(safe ? (char) c : '_');
		});
		return fallback.toString();
	}

	/**
	 * Characters that have no place in a file name: controls, line and paragraph
	 * separators, the byte order mark, and the bidirectional formatting characters
	 * (Unicode 15 Table 2-3 and UAX #9: LRM, RLM, ALM, the embeddings, overrides and
	 * isolates).
	 */
	private static boolean isInvisible(int c) {
		if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
			return true;
		}
		return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
				|| (c >= 0x2066 && c <= 0x2069);
	}

	private static String trim(String name) {
		int start = 0;
		while (start < name.length() && (name.charAt(start) == '.' || isBlank(name.charAt(start)))) {
			start++;
		}
		int end = name.length();
		while (end > start && (name.charAt(end - 1) == '.' || isBlank(name.charAt(end - 1)))) {
			end--;
		}
		return name.substring(start, end);
	}

	private static boolean isBlank(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

	/** Cuts the stem so that the name fits in {@link #MAX_NAME_BYTES} UTF-8 octets. */
	private static String truncate(String name) {
		if (utf8Length(name) <= MAX_NAME_BYTES) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= MAX_EXTENSION + 1) ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		int room = MAX_NAME_BYTES - utf8Length(extension);
		StringBuilder cut = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < stem.length();) {
			int c = stem.codePointAt(i);
			int length = utf8Length(new String(Character.toChars(c)));
			if (bytes + length > room) {
				break;
			}
			cut.appendCodePoint(c);
			bytes += length;
			i += Character.charCount(c);
		}
		return cut + extension;
	}

	private static int utf8Length(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * RFC 5987 3.2.1 value-chars: attr-char as it is, every other octet of the UTF-8
	 * encoding as {@code %XX}.
	 */
	private static String percentEncode(String name) {
		StringBuilder encoded = new StringBuilder(name.length() * 3);
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			boolean attrChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
					|| "!#$&+-.^_`|~".indexOf(c) >= 0;
			if (attrChar) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

}
