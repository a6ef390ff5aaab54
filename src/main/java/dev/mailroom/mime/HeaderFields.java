package dev.mailroom.mime;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;

/**
 * Writes and checks header field values for {@link MessageComposer}: folding, address
 * lists, message ids and the file name parameters.
 */
final class HeaderFields {

	static {
		MailStreams.install();
	}

	/** RFC 5322 2.1.1: header lines SHOULD be at most 78 octets, excluding the CRLF. */
	static final int MAX_LINE = TextEncodings.MAX_LINE;

	private static final String CHARSET = "UTF-8";

	/** RFC 5322 3.6.4 msg-id, leniently: any printable ASCII but angle brackets. */
	private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x3b\\x3d\\x3f-\\x7e]+");

	/** RFC 5322 3.6.8 field name: printable ASCII but the colon. */
	private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");

	/** RFC 2045 5.1 token. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/** RFC 2231 7 attribute-char, the octets left as they are in an extended value. */
	private static final Pattern ATTRIBUTE_CHAR = Pattern.compile("[!#$&+.^_`|~0-9A-Za-z-]");

	/** A file name shown plainly, without the RFC 2231 form, when this short. */
	private static final int SHORT_PARAMETER = 60;

	static final String MESSAGE_RFC822 = "message/rfc822";

	/** Most file systems refuse longer names. */
	static final int MAX_FILE_NAME = 255;

	private HeaderFields() {
	}

	/**
	 * Refuses CR and LF (a header injection: {@code "Hello\r\nBcc: x@y"} would add a
	 * field) and every other control character but tab.
	 */
	static void checkText(String what, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				throw new IllegalArgumentException(what + " must not contain control characters such as CR or LF");
			}
		}
	}

	/**
	 * Joins {@code words} with single spaces, folding (RFC 5322 2.2.3) before a word that
	 * would not fit in the line. The fold is CRLF plus the space it replaces, so
	 * unfolding gives the same value back even inside a quoted string.
	 */
	static String fold(String fieldName, List<String> words) {
		StringBuilder value = new StringBuilder();
		int column = fieldName.length() + 2;
		for (String word : words) {
			if (value.length() > 0) {
				// Never before an empty word: a folded line of blanks alone
				// is not allowed.
				if (!word.isEmpty() && column + 1 + word.length() > MAX_LINE) {
					value.append("\r\n");
					column = 0;
				}
				value.append(' ');
				column++;
			}
			value.append(word);
			column += word.length();
		}
		return value.toString();
	}

	/** Unstructured text (Subject-like), RFC 2047 encoded when not ASCII, folded. */
	static String unstructured(String fieldName, String text) {
		try {
			return fold(fieldName, words(MimeUtility.encodeText(text, CHARSET, null)));
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An address list: display names RFC 2047 encoded by Jakarta Mail when not ASCII,
	 * quoted when they hold specials, folded between words.
	 */
	static String addressList(String fieldName, List<Mailbox> mailboxes) {
		List<String> words = new ArrayList<>();
		for (int i = 0; i < mailboxes.size(); i++) {
			List<String> address = words(toInternetAddress(fieldName, mailboxes.get(i)).toString());
			if (i < mailboxes.size() - 1) {
				int last = address.size() - 1;
				address.set(last, address.get(last) + ",");
			}
			words.addAll(address);
		}
		return fold(fieldName, words);
	}

	static InternetAddress toInternetAddress(String fieldName, Mailbox mailbox) {
		if (mailbox == null || mailbox.address() == null) {
			throw new IllegalArgumentException(fieldName + ": an address is missing");
		}
		String address = mailbox.address();
		checkText(fieldName + " address", address);
		// Internationalized addresses (RFC 6532) need SMTPUTF8 all the way:
		// not supported.
		if (!StandardCharsets.US_ASCII.newEncoder().canEncode(address)) {
			throw new IllegalArgumentException(fieldName + ": not an ASCII address: " + address);
		}
		InternetAddress result = new InternetAddress();
		result.setAddress(address);
		try {
			result.validate();
		}
		catch (AddressException ex) {
			throw new IllegalArgumentException(fieldName + ": invalid address " + address + ": " + ex.getMessage(), ex);
		}
		if (address.indexOf('@') <= 0 || address.indexOf(' ') >= 0) {
			throw new IllegalArgumentException(fieldName + ": invalid address " + address);
		}
		String name = mailbox.name();
		if (name != null && !name.isBlank()) {
			checkText(fieldName + " name", name);
			try {
				result.setPersonal(name.strip(), CHARSET);
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return result;
	}

	/** A msg-id without angle brackets; brackets around the given id are dropped. */
	static String messageId(String what, String id) {
		if (id == null) {
			throw new IllegalArgumentException(what + ": a message id is missing");
		}
		checkText(what, id);
		String bare = id.strip();
		if (bare.startsWith("<") && bare.endsWith(">")) {
			bare = bare.substring(1, bare.length() - 1);
		}
		if (!MESSAGE_ID.matcher(bare).matches()) {
			throw new IllegalArgumentException(what + ": invalid message id " + id);
		}
		return bare;
	}

	/**
	 * Whether {@link #messageId(String, String)} takes the id, without angle brackets.
	 */
	static boolean isMessageId(String bare) {
		return bare != null && MESSAGE_ID.matcher(bare).matches();
	}

	static String messageIds(String fieldName, List<String> ids) {
		List<String> words = new ArrayList<>(ids.size());
		for (String id : ids) {
			words.add("<" + messageId(fieldName, id) + ">");
		}
		return fold(fieldName, words);
	}

	static void checkFieldName(String name) {
		if (name == null || !FIELD_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Invalid header field name: " + name);
		}
	}

	/**
	 * Content-Type of an attachment: the given type with its parameters, and the file
	 * name as {@code name=}, the form Outlook and old clients read (RFC 2047 words in a
	 * quoted string when not plain ASCII, as Outlook and Gmail write it).
	 */
	static String attachmentContentType(String contentType, String filename) {
		ContentType type;
		try {
			type = new ContentType((contentType != null) ? contentType : "application/octet-stream");
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Invalid attachment content type: " + contentType, ex);
		}
		String base = type.getBaseType().toLowerCase(Locale.ROOT);
		if (base.startsWith("multipart/") || (base.startsWith("message/") && !base.equals(MESSAGE_RFC822))) {
			// RFC 2045 6.4: composite types may not be base64 encoded; message/rfc822
			// alone is written as it is (see EmbeddedMessages).
			throw new IllegalArgumentException("Unsupported attachment content type: " + base);
		}
		List<List<String>> parameters = new ArrayList<>();
		ParameterList list = type.getParameterList();
		if (list != null) {
			for (String name : Collections.list(list.getNames())) {
				if (!name.equalsIgnoreCase("name")) {
					String value = list.get(name);
					checkText("Attachment content type", value);
					parameters.add(List.of(name.toLowerCase(Locale.ROOT) + "=" + quoteIfNeeded(value)));
				}
			}
		}
		if (filename != null) {
			parameters.add(plainFileName("name", filename));
		}
		return withParameters("Content-Type", base, parameters);
	}

	/**
	 * Content-Disposition with the file name twice: first the plain {@code filename=}
	 * (RFC 2047 words when not ASCII) for clients that know nothing else, then, unless
	 * the name is short ASCII, the RFC 2231 {@code filename*} that RFC 2231 readers
	 * prefer. RFC 6266 appendix D orders them so, since some readers take the first one.
	 */
	static String contentDisposition(String disposition, String filename) {
		List<List<String>> parameters = new ArrayList<>();
		if (filename != null) {
			parameters.add(plainFileName("filename", filename));
			if (!isShortAscii(filename)) {
				parameters.addAll(extendedParameter("filename", filename));
			}
		}
		return withParameters("Content-Disposition", disposition, parameters);
	}

	static void checkFileName(String filename) {
		checkText("File name", filename);
		if (filename.isBlank() || filename.length() > MAX_FILE_NAME) {
			throw new IllegalArgumentException("File names must have 1 to " + MAX_FILE_NAME + " characters");
		}
	}

	private static String withParameters(String fieldName, String value, List<List<String>> parameters) {
		List<String> words = new ArrayList<>();
		words.add(value);
		for (List<String> parameter : parameters) {
			int last = words.size() - 1;
			words.set(last, words.get(last) + ";");
			words.addAll(parameter);
		}
		return fold(fieldName, words);
	}

	private static List<String> plainFileName(String parameter, String filename) {
		String value;
		if (isShortAscii(filename)) {
			value = filename;
		}
		else {
			try {
				// B rather than Q: its alphabet needs no escaping in a quoted string.
				value = MimeUtility.encodeText(filename, CHARSET, "B");
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return words(parameter + "=\"" + escapeQuoted(value) + "\"");
	}

	/**
	 * RFC 2231 3 and 4: {@code name*=UTF-8''%XX...}, or, when that would not fit in a
	 * line, continuations {@code name*0*=UTF-8''...; name*1*=...}. Segments end on
	 * character boundaries, for readers that decode each one on its own.
	 */
	private static List<List<String>> extendedParameter(String parameter, String value) {
		List<String> units = new ArrayList<>();
		value.codePoints().forEach((codePoint) -> units.add(percentEncode(codePoint)));
		String prefix = CHARSET + "''";
		String whole = parameter + "*=" + prefix + String.join("", units);
		// One line holds a leading space, the word and its ";".
		int room = MAX_LINE - 2;
		if (whole.length() <= room) {
			return List.of(List.of(whole));
		}
		List<List<String>> segments = new ArrayList<>();
		StringBuilder segment = new StringBuilder(prefix);
		for (String unit : units) {
			String name = parameter + "*" + segments.size() + "*=";
			if (name.length() + segment.length() + unit.length() > room && segment.length() > 0) {
				segments.add(List.of(name + segment));
				segment.setLength(0);
			}
			segment.append(unit);
		}
		segments.add(List.of(parameter + "*" + segments.size() + "*=" + segment));
		return segments;
	}

	private static String percentEncode(int codePoint) {
		String character = new String(Character.toChars(codePoint));
		if (ATTRIBUTE_CHAR.matcher(character).matches()) {
			return character;
		}
		StringBuilder encoded = new StringBuilder();
		for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
			encoded.append('%').append(String.format("%02X", b & 0xff));
		}
		return encoded.toString();
	}

	private static boolean isShortAscii(String value) {
		return value.length() <= SHORT_PARAMETER && value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f);
	}

	private static String quoteIfNeeded(String value) {
		return TOKEN.matcher(value).matches() ? value : "\"" + escapeQuoted(value) + "\"";
	}

	private static String escapeQuoted(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	private static List<String> words(String value) {
		return new ArrayList<>(Arrays.asList(MimeUtility.unfold(value).split(" ", -1)));
	}

}
