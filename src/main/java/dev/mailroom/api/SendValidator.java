package dev.mailroom.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.EmailAddress;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;

import org.springframework.http.HttpStatus;

/**
 * Checks a {@link SendRequest} field by field and turns it into a {@link Draft}. Every
 * problem is collected and answered at once, each naming its field ({@code to[1].email}),
 * so a program can show or fix them all. The composer checks again (header injection,
 * addresses) as the last line.
 */
final class SendValidator {

	static final int MAX_TAGS = 20;

	static final int MAX_METADATA = 50;

	static final int MAX_TAG_CHARS = 256;

	static final int MAX_METADATA_VALUE_CHARS = 1000;

	static final int MAX_NAME_CHARS = 200;

	static final int MAX_SUBJECT_CHARS = 998;

	/** Header fields Mailroom writes itself: a custom header may not replace them. */
	static final Set<String> RESERVED_HEADERS = Set.of("from", "sender", "to", "cc", "bcc", "reply-to", "subject",
			"date", "message-id", "in-reply-to", "references", "mime-version", "return-path", "received");

	/** RFC 5322 3.6.8 field name: printable ASCII but the colon. */
	private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]{1,76}");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	private final int maxRecipients;

	private final List<Problems.FieldError> errors = new ArrayList<>();

	private SendValidator(int maxRecipients) {
		this.maxRecipients = maxRecipients;
	}

	/** A valid request as a draft, with its envelope recipients. */
	record Checked(Draft draft, List<String> recipients) {
	}

	/**
	 * @throws ApiProblem 400 with every field error
	 */
	static Checked check(SendRequest request, int maxRecipients) {
		if (request == null) {
			throw new ApiProblem(Problems.invalid("body", "A JSON object is required"));
		}
		return new SendValidator(maxRecipients).run(request);
	}

	private Checked run(SendRequest request) {
		Mailbox from = null;
		if (request.from() == null) {
			error("from", "is required");
		}
		else {
			from = address("from", request.from());
		}
		List<Mailbox> to = addresses("to", request.to());
		List<Mailbox> cc = addresses("cc", request.cc());
		List<Mailbox> bcc = addresses("bcc", request.bcc());
		List<Mailbox> replyTo = addresses("reply_to", request.replyTo());
		int recipients = size(request.to()) + size(request.cc()) + size(request.bcc());
		if (recipients == 0) {
			error("to", "at least one recipient (to, cc or bcc) is required");
		}
		else if (recipients > this.maxRecipients) {
			error("to", "at most " + this.maxRecipients + " recipients (to, cc and bcc together), not " + recipients
					+ " (mailroom.api.max-recipients)");
		}
		String subject = request.subject();
		if (subject != null) {
			text("subject", subject, MAX_SUBJECT_CHARS);
		}
		if (request.text() == null && request.html() == null) {
			error("text", "text or html (or both) is required");
		}
		List<Attachment> attachments = attachments(request.attachments());
		Map<String, String> headers = headers(request.headers());
		tags(request.tags());
		metadata(request.metadata());
		if (!this.errors.isEmpty()) {
			String detail = (this.errors.size() == 1) ? this.errors.get(0).field() + ": " + this.errors.get(0).message()
					: this.errors.size() + " fields are invalid";
			throw new ApiProblem(
					Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, this.errors));
		}
		List<String> envelope = new ArrayList<>();
		for (List<Mailbox> list : List.of(to, cc, bcc)) {
			list.forEach((mailbox) -> envelope.add(mailbox.address()));
		}
		return new Checked(new Draft(from, to, cc, bcc, replyTo, subject, request.text(), request.html(), attachments,
				null, List.of(), headers), envelope);
	}

	private static int size(List<?> list) {
		return (list != null) ? list.size() : 0;
	}

	private List<Mailbox> addresses(String field, List<SendRequest.Address> list) {
		List<Mailbox> result = new ArrayList<>();
		if (list == null) {
			return result;
		}
		for (int i = 0; i < list.size(); i++) {
			Mailbox mailbox = address(field + "[" + i + "]", list.get(i));
			if (mailbox != null) {
				result.add(mailbox);
			}
		}
		return result;
	}

	private Mailbox address(String field, SendRequest.Address address) {
		if (address == null || address.email() == null || address.email().isBlank()) {
			error(field + ".email", "is required");
			return null;
		}
		String email = address.email().strip();
		boolean ok = true;
		if (hasControl(email)) {
			error(field + ".email", "must not contain control characters such as CR or LF");
			ok = false;
		}
		else if (!StandardCharsets.US_ASCII.newEncoder().canEncode(email)) {
			error(field + ".email", "'" + email + "' is not an ASCII address (SMTPUTF8 addresses are not supported)");
			ok = false;
		}
		else {
			try {
				EmailAddress.parse(email);
			}
			catch (AccountException ex) {
				error(field + ".email", ex.getMessage());
				ok = false;
			}
		}
		String name = address.name();
		if (name != null) {
			ok &= text(field + ".name", name, MAX_NAME_CHARS);
			name = name.isBlank() ? null : name.strip();
		}
		return ok ? new Mailbox(name, email) : null;
	}

	private List<Attachment> attachments(List<SendRequest.Attachment> list) {
		List<Attachment> result = new ArrayList<>();
		if (list == null) {
			return result;
		}
		for (int i = 0; i < list.size(); i++) {
			String field = "attachments[" + i + "]";
			SendRequest.Attachment attachment = list.get(i);
			if (attachment == null) {
				error(field, "is required");
				continue;
			}
			boolean ok = true;
			byte[] content = null;
			if (attachment.content() == null) {
				error(field + ".content", "is required (the file in base64)");
				ok = false;
			}
			else {
				try {
					content = Base64.getDecoder().decode(WHITESPACE.matcher(attachment.content()).replaceAll(""));
				}
				catch (IllegalArgumentException ex) {
					error(field + ".content", "is not valid base64");
					ok = false;
				}
			}
			if (attachment.filename() != null) {
				ok &= text(field + ".filename", attachment.filename(), 255);
				if (attachment.filename().isBlank()) {
					error(field + ".filename", "must not be blank");
					ok = false;
				}
			}
			if (attachment.contentType() != null) {
				ok &= text(field + ".content_type", attachment.contentType(), 255);
			}
			String disposition = (attachment.disposition() != null) ? attachment.disposition().toLowerCase(Locale.ROOT)
					: "attachment";
			if (!disposition.equals("attachment") && !disposition.equals("inline")) {
				error(field + ".disposition", "must be attachment or inline");
				ok = false;
			}
			if (attachment.contentId() != null) {
				ok &= text(field + ".content_id", attachment.contentId(), 255);
			}
			else if (disposition.equals("inline")) {
				error(field + ".content_id",
						"is required for an inline attachment (the HTML refers to cid:<content_id>)");
				ok = false;
			}
			if (ok) {
				result.add(new Attachment(attachment.filename(), attachment.contentType(), content,
						disposition.equals("inline"), attachment.contentId()));
			}
		}
		return result;
	}

	private Map<String, String> headers(Map<String, String> headers) {
		Map<String, String> result = new LinkedHashMap<>();
		if (headers == null) {
			return result;
		}
		for (Map.Entry<String, String> header : headers.entrySet()) {
			String name = header.getKey();
			String field = "headers." + name;
			if (name == null || !FIELD_NAME.matcher(name).matches()) {
				error(field, "is not a header field name (printable ASCII without a colon, at most 76 characters)");
				continue;
			}
			String lower = name.toLowerCase(Locale.ROOT);
			if (RESERVED_HEADERS.contains(lower) || lower.startsWith("content-")) {
				error(field, "Mailroom writes " + name + " itself; use the message's own fields");
				continue;
			}
			String value = (header.getValue() != null) ? header.getValue() : "";
			if (text(field, value, 998)) {
				result.put(name, value);
			}
		}
		return result;
	}

	private void tags(List<SendRequest.Tag> tags) {
		if (tags == null) {
			return;
		}
		if (tags.size() > MAX_TAGS) {
			error("tags", "at most " + MAX_TAGS + " tags");
		}
		for (int i = 0; i < tags.size(); i++) {
			SendRequest.Tag tag = tags.get(i);
			if (tag == null || tag.name() == null || tag.name().isBlank()) {
				error("tags[" + i + "].name", "is required");
				continue;
			}
			text("tags[" + i + "].name", tag.name(), MAX_TAG_CHARS);
			if (tag.value() != null) {
				text("tags[" + i + "].value", tag.value(), MAX_TAG_CHARS);
			}
		}
	}

	private void metadata(Map<String, String> metadata) {
		if (metadata == null) {
			return;
		}
		if (metadata.size() > MAX_METADATA) {
			error("metadata", "at most " + MAX_METADATA + " keys");
		}
		for (Map.Entry<String, String> entry : metadata.entrySet()) {
			if (entry.getKey().isBlank()) {
				error("metadata", "keys must not be blank");
				continue;
			}
			text("metadata." + entry.getKey(), entry.getKey(), MAX_TAG_CHARS);
			if (entry.getValue() == null) {
				error("metadata." + entry.getKey(), "must be a string");
			}
			else if (entry.getValue().length() > MAX_METADATA_VALUE_CHARS) {
				error("metadata." + entry.getKey(), "at most " + MAX_METADATA_VALUE_CHARS + " characters");
			}
		}
	}

	/**
	 * Header text: no CR, LF or other control character but tab (header injection:
	 * {@code "Hi\r\nBcc: x@y"} would add a field).
	 */
	private boolean text(String field, String value, int maxChars) {
		if (hasControl(value)) {
			error(field, "must not contain control characters such as CR or LF");
			return false;
		}
		if (value.length() > maxChars) {
			error(field, "at most " + maxChars + " characters");
			return false;
		}
		return true;
	}

	static boolean hasControl(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
				return true;
			}
		}
		return false;
	}

	private void error(String field, String message) {
		this.errors.add(new Problems.FieldError(field, message));
	}

}
