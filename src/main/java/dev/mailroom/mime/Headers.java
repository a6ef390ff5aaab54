package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Header field helpers: raw 8-bit field values, Content-Type style parameters with RFC
 * 2231, and message ids.
 */
final class Headers {

	private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>]*)>");

	private Headers() {
	}

	/**
	 * The unfolded value of a field, decoded from its raw bytes: clients put unencoded
	 * UTF-8 or windows-949 into Subject and From, which mime4j would read as Latin-1.
	 */
	static String value(Field field) {
		ByteSequence raw = field.getRaw();
		String value = null;
		if (raw != null) {
			byte[] bytes = raw.toByteArray();
			int colon = -1;
			for (int i = 0; i < bytes.length; i++) {
				if (bytes[i] == ':') {
					colon = i;
					break;
				}
			}
			if (colon >= 0) {
				byte[] body = new byte[bytes.length - colon - 1];
				System.arraycopy(bytes, colon + 1, body, 0, body.length);
				value = Charsets.decodeUndeclared(body);
			}
		}
		if (value == null) {
			value = (field.getBody() != null) ? field.getBody() : "";
		}
		return unfold(value).trim();
	}

	/** RFC 5322 unfolding, lenient about bare CR and LF. */
	static String unfold(String value) {
		if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\r' && c != '\n') {
				out.append(c);
			}
		}
		return out.toString();
	}

	/** The first id in angle brackets, or the first word when there are no brackets. */
	static String messageId(String value) {
		List<String> ids = messageIds(value);
		return ids.isEmpty() ? null : ids.get(0);
	}

	static List<String> messageIds(String value) {
		List<String> ids = new ArrayList<>();
		if (value == null) {
			return ids;
		}
		Matcher matcher = MESSAGE_ID.matcher(value);
		while (matcher.find()) {
			String id = matcher.group(1).replaceAll("\\s+", "");
			if (!id.isEmpty()) {
				ids.add(id);
			}
		}
		if (ids.isEmpty()) {
			for (String word : value.trim().split("[\\s,]+")) {
				if (!word.isEmpty()) {
					ids.add(word);
				}
			}
		}
		return ids;
	}

	/**
	 * Parses {@code type/subtype; name=value; ...} (Content-Type, Content-Disposition).
	 * Parameter names are lower-cased; RFC 2231 extended and continued parameters are
	 * joined and decoded and win over their plain counterparts.
	 */
	static ContentHeader parseContentHeader(String header) {
		if (header == null) {
			return new ContentHeader("", Map.of());
		}
		int semicolon = header.indexOf(';');
		String value = ((semicolon >= 0) ? header.substring(0, semicolon) : header).trim().toLowerCase(Locale.ROOT);
		Map<String, String> plain = new LinkedHashMap<>();
		Map<String, TreeMap<Integer, Segment>> extended = new LinkedHashMap<>();
		int i = (semicolon >= 0) ? semicolon + 1 : header.length();
		int length = header.length();
		while (i < length) {
			char c = header.charAt(i);
			if (c == ';' || Character.isWhitespace(c)) {
				i++;
				continue;
			}
			int nameStart = i;
			while (i < length && header.charAt(i) != '=' && header.charAt(i) != ';') {
				i++;
			}
			String name = header.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
			if (i >= length || header.charAt(i) == ';') {
				continue;
			}
			i++;
			while (i < length && Character.isWhitespace(header.charAt(i))) {
				i++;
			}
			StringBuilder parameterValue = new StringBuilder();
			if (i < length && header.charAt(i) == '"') {
				i++;
				while (i < length && header.charAt(i) != '"') {
					char v = header.charAt(i);
					// Only \" and \\ are escapes: IE and Outlook send Windows
					// paths unescaped.
					if (v == '\\' && i + 1 < length && (header.charAt(i + 1) == '"' || header.charAt(i + 1) == '\\')) {
						i++;
						v = header.charAt(i);
					}
					parameterValue.append(v);
					i++;
				}
				i++;
			}
			else {
				int valueStart = i;
				while (i < length && header.charAt(i) != ';') {
					i++;
				}
				parameterValue.append(header, valueStart, i);
			}
			addParameter(name, parameterValue.toString().trim(), plain, extended);
		}
		Map<String, String> parameters = new LinkedHashMap<>(plain);
		extended.forEach((name, segments) -> parameters.put(name, joinExtended(segments)));
		return new ContentHeader(value, parameters);
	}

	private static void addParameter(String name, String value, Map<String, String> plain,
			Map<String, TreeMap<Integer, Segment>> extended) {
		if (name.isEmpty()) {
			return;
		}
		int star = name.indexOf('*');
		if (star < 0) {
			plain.putIfAbsent(name, value);
			return;
		}
		String base = name.substring(0, star);
		String rest = name.substring(star + 1);
		boolean encoded = rest.endsWith("*") || rest.isEmpty();
		String number = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
		int index;
		try {
			index = number.isEmpty() ? 0 : Integer.parseInt(number);
		}
		catch (NumberFormatException ex) {
			return;
		}
		extended.computeIfAbsent(base, (key) -> new TreeMap<>()).putIfAbsent(index, new Segment(value, encoded));
	}

	/**
	 * RFC 2231: the first segment of an encoded parameter reads
	 * {@code charset'language'text}; encoded segments are percent-encoded bytes in that
	 * charset, the others plain text.
	 */
	private static String joinExtended(TreeMap<Integer, Segment> segments) {
		Charset charset = null;
		boolean charsetKnown = false;
		StringBuilder out = new StringBuilder();
		ByteArrayOutputStream pending = new ByteArrayOutputStream();
		boolean first = true;
		for (Segment segment : segments.values()) {
			String text = segment.value();
			if (segment.encoded()) {
				if (first) {
					int quote = text.indexOf('\'');
					int secondQuote = (quote >= 0) ? text.indexOf('\'', quote + 1) : -1;
					if (secondQuote >= 0) {
						charset = Charsets.forLabel(text.substring(0, quote));
						charsetKnown = charset != null;
						text = text.substring(secondQuote + 1);
					}
				}
				percentDecode(text, pending);
			}
			else {
				flush(pending, charset, charsetKnown, out);
				out.append(text);
			}
			first = false;
		}
		flush(pending, charset, charsetKnown, out);
		return out.toString();
	}

	private static void flush(ByteArrayOutputStream pending, Charset charset, boolean charsetKnown, StringBuilder out) {
		if (pending.size() == 0) {
			return;
		}
		byte[] bytes = pending.toByteArray();
		out.append(charsetKnown ? new String(bytes, charset) : Charsets.decodeUndeclared(bytes));
		pending.reset();
	}

	private static void percentDecode(String text, ByteArrayOutputStream out) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
					&& Character.digit(text.charAt(i + 2), 16) >= 0) {
				out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
		}
	}

	/**
	 * A file name as shown and offered for download: RFC 2047 words decoded (Outlook and
	 * Korean clients put them in {@code name=} and {@code filename=}), any directory part
	 * dropped (old Internet Explorer sent the whole Windows path).
	 */
	static String fileName(String value) {
		if (value == null) {
			return null;
		}
		String name = EncodedWords.decode(value).trim();
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		if (slash >= 0) {
			name = name.substring(slash + 1).trim();
		}
		return name.isEmpty() ? null : name;
	}

	record ContentHeader(String value, Map<String, String> parameters) {

		String parameter(String name) {
			return this.parameters.get(name);
		}

	}

	private record Segment(String value, boolean encoded) {
	}

}
