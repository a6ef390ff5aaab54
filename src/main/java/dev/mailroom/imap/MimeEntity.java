package dev.mailroom.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message or body part located in the raw bytes, as IMAP addresses them (RFC 3501
 * 6.4.5): where its header and body start and end, its fields, its parts. Parsed from the
 * stored bytes without changing them, so every section is returned byte for byte. Header
 * text is kept as ISO-8859-1 strings, which map bytes one to one.
 */
final class MimeEntity {

	private static final int MAX_DEPTH = 40;

	final byte[] raw;

	final int start;

	final int bodyStart;

	final int end;

	final List<Field> fields;

	final String type;

	final String subtype;

	/** Content-Type parameters, name and value, as sent. */
	final List<String[]> parameters;

	final List<MimeEntity> parts = new ArrayList<>();

	/** The embedded message of a message/rfc822 part. */
	MimeEntity message;

	/**
	 * One header field.
	 *
	 * @param start where its name starts
	 * @param end after its line terminator
	 */
	record Field(String name, String value, int start, int end) {
	}

	private MimeEntity(byte[] raw, int start, int end, String defaultType, int depth) {
		this.raw = raw;
		this.start = start;
		this.end = end;
		this.fields = new ArrayList<>();
		this.bodyStart = parseHeader();
		String contentType = header("Content-Type");
		String[] typeAndSubtype = null;
		List<String[]> params = new ArrayList<>();
		if (contentType != null) {
			typeAndSubtype = parseContentType(contentType, params);
		}
		if (typeAndSubtype == null) {
			typeAndSubtype = defaultType.split("/");
			params.clear();
			if (defaultType.equals("text/plain")) {
				params.add(new String[] { "charset", "us-ascii" });
			}
		}
		this.type = typeAndSubtype[0];
		this.subtype = typeAndSubtype[1];
		this.parameters = params;
		if (depth < MAX_DEPTH) {
			if (this.type.equals("multipart")) {
				String boundary = parameter("boundary");
				if (boundary != null && !boundary.isEmpty()) {
					String childDefault = this.subtype.equals("digest") ? "message/rfc822" : "text/plain";
					splitParts(boundary, childDefault, depth);
				}
			}
			else if (this.type.equals("message") && this.subtype.equals("rfc822")) {
				this.message = new MimeEntity(raw, this.bodyStart, end, "text/plain", depth + 1);
			}
		}
	}

	static MimeEntity parse(byte[] raw) {
		return new MimeEntity(raw, 0, raw.length, "text/plain", 0);
	}

	boolean isMultipart() {
		return this.type.equals("multipart") && !this.parts.isEmpty();
	}

	boolean isMessage() {
		return this.message != null;
	}

	/** The first field of this name, unfolded, or null. */
	String header(String name) {
		for (Field field : this.fields) {
			if (field.name().equalsIgnoreCase(name)) {
				return field.value();
			}
		}
		return null;
	}

	String parameter(String name) {
		for (String[] parameter : this.parameters) {
			if (parameter[0].equalsIgnoreCase(name)) {
				return parameter[1];
			}
		}
		return null;
	}

	int bodySize() {
		return this.end - this.bodyStart;
	}

	/** Lines of the body, counted as IMAP counts them (line ends). */
	int bodyLines() {
		int lines = 0;
		for (int i = this.bodyStart; i < this.end; i++) {
			if (this.raw[i] == '\n') {
				lines++;
			}
		}
		if (this.end > this.bodyStart && this.raw[this.end - 1] != '\n') {
			lines++;
		}
		return lines;
	}

	/** Reads the fields; returns where the body starts (after the empty line). */
	private int parseHeader() {
		int position = this.start;
		Field current = null;
		StringBuilder value = null;
		int fieldStart = 0;
		while (position < this.end) {
			int lineEnd = indexOf((byte) '\n', position, this.end);
			int next = (lineEnd < 0) ? this.end : lineEnd + 1;
			int contentEnd = (lineEnd < 0) ? this.end : lineEnd;
			if (contentEnd > position && this.raw[contentEnd - 1] == '\r') {
				contentEnd--;
			}
			if (contentEnd == position) {
				// The empty line ends the header.
				finish(current, value, fieldStart, position);
				return next;
			}
			byte first = this.raw[position];
			if ((first == ' ' || first == '\t') && value != null) {
				value.append(latin1(position, contentEnd));
			}
			else {
				finish(current, value, fieldStart, position);
				current = null;
				value = null;
				int colon = indexOf((byte) ':', position, contentEnd);
				if (colon > position) {
					fieldStart = position;
					current = new Field(latin1(position, colon).strip(), null, position, 0);
					value = new StringBuilder(latin1(colon + 1, contentEnd));
				}
			}
			position = next;
		}
		finish(current, value, fieldStart, this.end);
		return this.end;
	}

	private void finish(Field current, StringBuilder value, int fieldStart, int fieldEnd) {
		if (current != null) {
			this.fields.add(new Field(current.name(), value.toString().strip(), fieldStart, fieldEnd));
		}
	}

	private void splitParts(String boundary, String childDefault, int depth) {
		byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		int partStart = -1;
		int position = this.bodyStart;
		while (position < this.end) {
			int lineEnd = indexOf((byte) '\n', position, this.end);
			int next = (lineEnd < 0) ? this.end : lineEnd + 1;
			if (startsWith(position, delimiter)) {
				int after = position + delimiter.length;
				boolean close = after + 1 < this.end && this.raw[after] == '-' && this.raw[after + 1] == '-';
				if (partStart >= 0) {
					// The line break before the delimiter belongs to it (RFC 2046 5.1.1).
					int partEnd = position;
					if (partEnd > partStart && this.raw[partEnd - 1] == '\n') {
						partEnd--;
						if (partEnd > partStart && this.raw[partEnd - 1] == '\r') {
							partEnd--;
						}
					}
					this.parts.add(
							new MimeEntity(this.raw, partStart, Math.max(partStart, partEnd), childDefault, depth + 1));
				}
				if (close) {
					return;
				}
				partStart = next;
			}
			position = next;
		}
		if (partStart >= 0 && partStart < this.end) {
			// No closing delimiter: the last part runs to the end.
			this.parts.add(new MimeEntity(this.raw, partStart, this.end, childDefault, depth + 1));
		}
	}

	private boolean startsWith(int position, byte[] prefix) {
		if (position + prefix.length > this.end) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (this.raw[position + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private int indexOf(byte b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (this.raw[i] == b) {
				return i;
			}
		}
		return -1;
	}

	private String latin1(int from, int to) {
		return new String(this.raw, from, to - from, StandardCharsets.ISO_8859_1);
	}

	/**
	 * type/subtype and parameters of a Content-Type value (RFC 2045 5.1), or null when it
	 * has no valid type.
	 */
	static String[] parseContentType(String value, List<String[]> parameters) {
		List<String> pieces = splitParameters(value);
		String mediaType = pieces.get(0).strip().toLowerCase(Locale.ROOT);
		int slash = mediaType.indexOf('/');
		if (slash <= 0 || slash == mediaType.length() - 1 || mediaType.indexOf(' ') >= 0) {
			return null;
		}
		parameters.addAll(parameterList(pieces));
		return new String[] { mediaType.substring(0, slash), mediaType.substring(slash + 1) };
	}

	/** The value before the first ';' and its parameters, as for Content-Disposition. */
	static String[] parseDisposition(String value, List<String[]> parameters) {
		List<String> pieces = splitParameters(value);
		parameters.addAll(parameterList(pieces));
		return new String[] { pieces.get(0).strip().toLowerCase(Locale.ROOT) };
	}

	private static List<String[]> parameterList(List<String> pieces) {
		List<String[]> parameters = new ArrayList<>();
		for (String piece : pieces.subList(1, pieces.size())) {
			int equals = piece.indexOf('=');
			if (equals <= 0) {
				continue;
			}
			String name = piece.substring(0, equals).strip().toLowerCase(Locale.ROOT);
			String value = piece.substring(equals + 1).strip();
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
			}
			if (!name.isEmpty()) {
				parameters.add(new String[] { name, value });
			}
		}
		return parameters;
	}

	/** Splits at ';' outside quoted strings and comments are dropped. */
	private static List<String> splitParameters(String value) {
		List<String> pieces = new ArrayList<>();
		StringBuilder piece = new StringBuilder();
		boolean quoted = false;
		int comment = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quoted) {
				piece.append(c);
				if (c == '\\' && i + 1 < value.length()) {
					piece.append(value.charAt(++i));
				}
				else if (c == '"') {
					quoted = false;
				}
			}
			else if (comment > 0) {
				if (c == '(') {
					comment++;
				}
				else if (c == ')') {
					comment--;
				}
			}
			else if (c == '"') {
				quoted = true;
				piece.append(c);
			}
			else if (c == '(') {
				comment++;
			}
			else if (c == ';') {
				pieces.add(piece.toString());
				piece.setLength(0);
			}
			else {
				piece.append(c);
			}
		}
		pieces.add(piece.toString());
		return pieces;
	}

}
