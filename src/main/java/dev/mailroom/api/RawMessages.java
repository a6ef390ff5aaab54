package dev.mailroom.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mime.Mailbox;

/**
 * A ready message for {@code POST /api/v1/messages/raw}: its line ends made CRLF, Bcc
 * taken out of the header (its addresses stay in the envelope), Date and Message-ID added
 * when missing, and the envelope read from From, To, Cc and Bcc.
 */
final class RawMessages {

	private static final DateTimeFormatter DATE = DateTimeFormatter
		.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final SecureRandom RANDOM = new SecureRandom();

	private RawMessages() {
	}

	/**
	 * @param raw the message to send, CRLF line ends, without Bcc
	 * @param from the From address
	 * @param recipients To, Cc and Bcc addresses
	 * @param messageId its Message-ID without angle brackets
	 */
	record Prepared(byte[] raw, String from, List<String> recipients, String messageId) {
	}

	/** One header field, unfolded for reading, as written for copying. */
	private record Field(String name, String value, String written) {
	}

	/**
	 * @throws ApiProblem 400 when it has no header, no single From address, no recipient
	 * or more than {@code maxRecipients}
	 */
	static Prepared prepare(byte[] body, int maxRecipients, Instant now) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		String crlf = text.replaceAll("\r\n|\r|\n", "\r\n");
		int end = crlf.indexOf("\r\n\r\n");
		if (end < 0 || crlf.startsWith("\r\n")) {
			throw new ApiProblem(Problems.invalid("body", "not a message: a header and a body are required"));
		}
		List<Field> fields = fields(crlf.substring(0, end + 2));
		List<Mailbox> from = addresses(fields, "from");
		if (from.size() != 1) {
			throw new ApiProblem(Problems.invalid("From", "exactly one From address is required"));
		}
		List<String> recipients = new ArrayList<>();
		for (String name : List.of("to", "cc", "bcc")) {
			for (Mailbox mailbox : addresses(fields, name)) {
				try {
					dev.mailroom.account.EmailAddress.parse(mailbox.address());
				}
				catch (dev.mailroom.account.AccountException ex) {
					throw new ApiProblem(Problems.invalid(Character.toUpperCase(name.charAt(0)) + name.substring(1),
							ex.getMessage()));
				}
				recipients.add(mailbox.address());
			}
		}
		if (recipients.isEmpty()) {
			throw new ApiProblem(Problems.invalid("To", "at least one recipient (To, Cc or Bcc) is required"));
		}
		if (recipients.size() > maxRecipients) {
			throw new ApiProblem(Problems.invalid("To", "at most " + maxRecipients + " recipients"));
		}
		StringBuilder header = new StringBuilder();
		String messageId = null;
		boolean hasDate = false;
		for (Field field : fields) {
			if (field.name().equals("bcc")) {
				continue;
			}
			if (field.name().equals("message-id")) {
				messageId = field.value().strip().replaceAll("^<|>$", "");
			}
			hasDate |= field.name().equals("date");
			header.append(field.written());
		}
		if (!hasDate) {
			header.append("Date: ").append(DATE.format(now)).append("\r\n");
		}
		if (messageId == null || messageId.isEmpty()) {
			byte[] random = new byte[16];
			RANDOM.nextBytes(random);
			String address = from.get(0).address();
			messageId = HexFormat.of().formatHex(random) + "@" + address.substring(address.lastIndexOf('@') + 1);
			header.append("Message-ID: <").append(messageId).append(">\r\n");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 200);
		out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(crlf.substring(end + 2).getBytes(StandardCharsets.ISO_8859_1));
		return new Prepared(out.toByteArray(), from.get(0).address(), recipients, messageId);
	}

	private static List<Mailbox> addresses(List<Field> fields, String name) {
		List<Mailbox> result = new ArrayList<>();
		for (Field field : fields) {
			if (field.name().equals(name)) {
				result.addAll(Mailbox.parseList(field.value()));
			}
		}
		return result;
	}

	private static List<Field> fields(String header) {
		List<Field> fields = new ArrayList<>();
		StringBuilder written = null;
		for (String line : header.split("\r\n")) {
			if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && written != null) {
				written.append(line).append("\r\n");
				continue;
			}
			if (written != null) {
				fields.add(field(written.toString()));
			}
			written = new StringBuilder(line).append("\r\n");
		}
		if (written != null) {
			fields.add(field(written.toString()));
		}
		return fields;
	}

	private static Field field(String written) {
		int colon = written.indexOf(':');
		if (colon <= 0) {
			throw new ApiProblem(Problems.invalid("body", "not a header field: " + written.strip()));
		}
		String name = written.substring(0, colon).strip().toLowerCase(Locale.ROOT);
		String value = new String(written.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1),
				StandardCharsets.UTF_8)
			.replace("\r\n", "");
		return new Field(name, value, written);
	}

}
