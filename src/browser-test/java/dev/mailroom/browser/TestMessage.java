package dev.mailroom.browser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A raw RFC 5322 message for a browser test to deliver, as another mail program would
 * have written it: header texts outside ASCII as RFC 2047 encoded words in the message's
 * charset, the body in that charset (base64, or 8bit as older Korean mailers send it),
 * attachments named with RFC 2231. Written by hand rather than by the application's own
 * composer, so that what the browser shows is what the parser made of someone else's
 * mail.
 */
final class TestMessage {

	private static final String CRLF = "\r\n";

	/** RFC 2231 attribute-char: what a file name parameter may hold unencoded. */
	private static final String ATTRIBUTE_CHARS = "!#$&+-.^_`|~";

	private String fromName;

	private String fromAddress = "sender@example.org";

	private final List<String> to = new ArrayList<>();

	private String subject;

	private boolean rawSubject;

	private String text;

	private String html;

	private Charset charset = StandardCharsets.UTF_8;

	private boolean eightBit;

	private final List<String> headers = new ArrayList<>();

	private final List<File> files = new ArrayList<>();

	private String messageId = "<" + UUID.randomUUID() + "@example.org>";

	private ZonedDateTime date = ZonedDateTime.now();

	private record File(String name, String type, byte[] content) {
	}

	private TestMessage() {
	}

	/** A message from someone; a null or empty name for the address alone. */
	static TestMessage from(String name, String address) {
		TestMessage message = new TestMessage();
		message.fromName = name;
		message.fromAddress = address;
		return message;
	}

	TestMessage to(String address) {
		this.to.add(address);
		return this;
	}

	/** The subject, encoded when it is not plain printable ASCII. */
	TestMessage subject(String subject) {
		this.subject = subject;
		this.rawSubject = false;
		return this;
	}

	/**
	 * The subject exactly as given in the header, such as a hand-made encoded word; must
	 * be printable ASCII.
	 */
	TestMessage rawSubject(String subject) {
		this.subject = subject;
		this.rawSubject = true;
		return this;
	}

	/** A text/plain body. */
	TestMessage text(String text) {
		this.text = text;
		return this;
	}

	/** A text/html body. */
	TestMessage html(String html) {
		this.html = html;
		return this;
	}

	/** The charset of the encoded words and the body (UTF-8 unless set). */
	TestMessage charset(String charset) {
		this.charset = Charset.forName(charset);
		return this;
	}

	/**
	 * The body in {@code Content-Transfer-Encoding: 8bit}, as the raw bytes of its
	 * charset, rather than base64.
	 */
	TestMessage eightBit() {
		this.eightBit = true;
		return this;
	}

	/** Another header field, written as given (printable ASCII). */
	TestMessage header(String name, String value) {
		this.headers.add(name + ": " + value);
		return this;
	}

	TestMessage messageId(String messageId) {
		this.messageId = messageId;
		return this;
	}

	TestMessage date(ZonedDateTime date) {
		this.date = date;
		return this;
	}

	/** An attachment, named with RFC 2231 ({@code filename*=UTF-8''...}). */
	TestMessage attach(String name, String type, byte[] content) {
		this.files.add(new File(name, type, content));
		return this;
	}

	/** The message as it would arrive over SMTP. */
	byte[] bytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String from = (this.fromName == null || this.fromName.isEmpty()) ? "<" + this.fromAddress + ">"
				: encodedWords(this.fromName, this.charset) + " <" + this.fromAddress + ">";
		ascii(out, "From: " + from + CRLF);
		if (!this.to.isEmpty()) {
			ascii(out, "To: " + String.join(", ", this.to) + CRLF);
		}
		if (this.subject != null) {
			ascii(out, "Subject: " + (this.rawSubject ? this.subject : headerText(this.subject)) + CRLF);
		}
		ascii(out, "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(this.date) + CRLF);
		ascii(out, "Message-ID: " + this.messageId + CRLF);
		for (String header : this.headers) {
			ascii(out, header + CRLF);
		}
		ascii(out, "MIME-Version: 1.0" + CRLF);
		if (this.files.isEmpty()) {
			body(out);
			return out.toByteArray();
		}
		String boundary = "=_mixed_" + UUID.randomUUID();
		ascii(out, "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"" + CRLF + CRLF);
		ascii(out, "This is a multi-part message in MIME format." + CRLF);
		ascii(out, "--" + boundary + CRLF);
		body(out);
		for (File file : this.files) {
			ascii(out, CRLF + "--" + boundary + CRLF);
			ascii(out, "Content-Type: " + file.type() + CRLF);
			ascii(out, "Content-Disposition: attachment;" + CRLF + " filename*=UTF-8''" + rfc2231(file.name()) + CRLF);
			ascii(out, "Content-Transfer-Encoding: base64" + CRLF + CRLF);
			ascii(out, base64(file.content()));
		}
		ascii(out, CRLF + "--" + boundary + "--" + CRLF);
		return out.toByteArray();
	}

	private void body(ByteArrayOutputStream out) {
		boolean isHtml = this.html != null;
		String content = isHtml ? this.html : (this.text != null) ? this.text : "";
		ascii(out, "Content-Type: text/" + (isHtml ? "html" : "plain") + "; charset="
				+ this.charset.name().toLowerCase(Locale.ROOT) + CRLF);
		if (this.eightBit) {
			ascii(out, "Content-Transfer-Encoding: 8bit" + CRLF + CRLF);
			out.writeBytes(content.replace("\r\n", "\n").replace("\n", CRLF).getBytes(this.charset));
			ascii(out, CRLF);
		}
		else {
			ascii(out, "Content-Transfer-Encoding: base64" + CRLF + CRLF);
			ascii(out, base64(content.getBytes(this.charset)));
		}
	}

	private String headerText(String value) {
		boolean plain = value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f) && !value.contains("=?");
		return plain ? value : encodedWords(value, this.charset);
	}

	/**
	 * RFC 2047 B encoded words of at most about 60 octets of text each, split between
	 * characters, on folded lines.
	 */
	static String encodedWords(String value, Charset charset) {
		List<String> words = new ArrayList<>();
		StringBuilder chunk = new StringBuilder();
		for (int i = 0; i < value.length();) {
			int codePoint = value.codePointAt(i);
			String character = Character.toString(codePoint);
			if (chunk.length() > 0 && (chunk + character).getBytes(charset).length > 45) {
				words.add(word(chunk.toString(), charset));
				chunk.setLength(0);
			}
			chunk.append(character);
			i += Character.charCount(codePoint);
		}
		if (chunk.length() > 0 || words.isEmpty()) {
			words.add(word(chunk.toString(), charset));
		}
		return String.join(CRLF + " ", words);
	}

	private static String word(String text, Charset charset) {
		return "=?" + charset.name() + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
	}

	/** RFC 2231 extended value: UTF-8 octets, percent-encoded but for attribute-chars. */
	static String rfc2231(String name) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
					|| ATTRIBUTE_CHARS.indexOf(c) >= 0) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(String.format(Locale.ROOT, "%02X", c));
			}
		}
		return encoded.toString();
	}

	private static String base64(byte[] content) {
		return Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(content) + CRLF;
	}

	private static void ascii(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
	}

}
