package dev.mailroom.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Looks up the charset to decode with for a MIME charset label, as found in Content-Type,
 * RFC 2047 encoded words, RFC 2231 parameters, or an IMAP SEARCH CHARSET argument.
 */
public final class Charsets {

	/**
	 * Korean labels all decode as windows-949 (Unified Hangul Code). Java maps
	 * {@code ks_c_5601-1987} to EUC-KR and {@code cp949} to IBM-949, both of which garble
	 * the syllables only windows-949 has (똠, 쀍, 뷁); since windows-949 is a superset of
	 * EUC-KR it is the better decoder even for mail labelled euc-kr.
	 */
	private static final Set<String> KOREAN_LABELS = Set.of("ks_c_5601-1987", "ks_c_5601-1989", "ks_c_5601", "ksc5601",
			"ksc_5601", "ks_c_5601_1987", "cp949", "ms949", "ms_949", "windows-949", "windows949", "x-windows-949",
			"euc-kr", "euckr", "x-euc-kr", "cseuckr");

	private static final Charset WINDOWS_949 = resolveWindows949();

	private static final Charset ISO_2022_KR = lookup("ISO-2022-KR");

	private static final Charset ISO_2022_JP = lookup("ISO-2022-JP");

	private Charsets() {
	}

	/**
	 * Returns the charset to decode text labelled {@code label} with.
	 * @param label a charset label, case-insensitive, optionally quoted
	 * @return the charset, or null when the label is missing or unknown to this JVM
	 */
	public static Charset forLabel(String label) {
		if (label == null) {
			return null;
		}
		String key = label.trim();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1).trim();
		}
		key = key.toLowerCase(Locale.ROOT);
		if (key.isEmpty()) {
			return null;
		}
		if (KOREAN_LABELS.contains(key)) {
			return WINDOWS_949;
		}
		if (key.equals("utf8") || key.equals("unicode-1-1-utf-8")) {
			return StandardCharsets.UTF_8;
		}
		return lookup(key);
	}

	static Charset windows949() {
		return WINDOWS_949;
	}

	/**
	 * Guesses the charset of undeclared 8-bit text: an ISO-2022 escape sequence names
	 * itself, valid UTF-8 is UTF-8, and anything else is taken as windows-949 since most
	 * of our users are Korean.
	 * @param bytes the sample
	 * @param length how many bytes of the sample to look at
	 * @param complete whether the sample is the whole text (else a trailing partial UTF-8
	 * sequence is forgiven)
	 */
	static Charset sniff(byte[] bytes, int length, boolean complete) {
		// Most text has no escape byte at all: one cheap pass spares the three
		// searches.
		if (indexOf(bytes, length, new byte[] { 0x1b }) >= 0) {
			Charset iso2022 = iso2022(bytes, length);
			if (iso2022 != null) {
				return iso2022;
			}
		}
		return isValidUtf8(bytes, length, complete) ? StandardCharsets.UTF_8 : WINDOWS_949;
	}

	private static Charset iso2022(byte[] bytes, int length) {
		if (ISO_2022_KR != null && indexOf(bytes, length, new byte[] { 0x1b, '$', ')', 'C' }) >= 0) {
			return ISO_2022_KR;
		}
		if (ISO_2022_JP != null && (indexOf(bytes, length, new byte[] { 0x1b, '$', 'B' }) >= 0
				|| indexOf(bytes, length, new byte[] { 0x1b, '$', '@' }) >= 0)) {
			return ISO_2022_JP;
		}
		return null;
	}

	/**
	 * Decodes bytes whose charset is not declared: ASCII and valid UTF-8 as UTF-8,
	 * anything else as windows-949. Used for raw 8-bit header values and unknown labels.
	 */
	static String decodeUndeclared(byte[] bytes) {
		return new String(bytes, isValidUtf8(bytes, bytes.length, true) ? StandardCharsets.UTF_8 : WINDOWS_949);
	}

	static boolean isAscii(byte[] bytes, int length) {
		for (int i = 0; i < length; i++) {
			if (bytes[i] < 0) {
				return false;
			}
		}
		return true;
	}

	static boolean isValidUtf8(byte[] b, int length, boolean complete) {
		int i = 0;
		while (i < length) {
			int c = b[i] & 0xff;
			if (c < 0x80) {
				i++;
				continue;
			}
			int need;
			int min;
			if (c >= 0xc2 && c <= 0xdf) {
				need = 1;
				min = 0x80;
			}
			else if (c >= 0xe0 && c <= 0xef) {
				need = 2;
				min = 0x800;
			}
			else if (c >= 0xf0 && c <= 0xf4) {
				need = 3;
				min = 0x10000;
			}
			else {
				return false;
			}
			if (i + need >= length) {
				if (complete) {
					return false;
				}
				// A sequence cut by the end of an incomplete sample: check what
				// there is of it.
				for (int j = i + 1; j < length; j++) {
					if ((b[j] & 0xc0) != 0x80) {
						return false;
					}
				}
				return true;
			}
			int cp = c & (0x3f >> need);
			for (int j = 1; j <= need; j++) {
				int cc = b[i + j] & 0xff;
				if ((cc & 0xc0) != 0x80) {
					return false;
				}
				cp = (cp << 6) | (cc & 0x3f);
			}
			if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
				return false;
			}
			i += need + 1;
		}
		return true;
	}

	private static int indexOf(byte[] bytes, int length, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static Charset lookup(String name) {
		try {
			return Charset.forName(name);
		}
		catch (IllegalArgumentException ex) {
			// IllegalCharsetNameException and UnsupportedCharsetException: an
			// unknown label.
			return null;
		}
	}

	private static Charset resolveWindows949() {
		Charset charset = lookup("x-windows-949");
		return (charset != null) ? charset : lookup("EUC-KR");
	}

}
