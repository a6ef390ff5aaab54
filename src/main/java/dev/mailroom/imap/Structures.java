package dev.mailroom.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 7.4.2) of a parsed message, from the header
 * text as received.
 */
final class Structures {

	private Structures() {
	}

	static void envelope(ImapOutput out, MimeEntity message) throws IOException {
		out.raw("(");
		text(out, message.header("Date"));
		out.raw(" ");
		text(out, message.header("Subject"));
		String from = message.header("From");
		out.raw(" ");
		addresses(out, from);
		out.raw(" ");
		addresses(out, orElse(message.header("Sender"), from));
		out.raw(" ");
		addresses(out, orElse(message.header("Reply-To"), from));
		out.raw(" ");
		addresses(out, message.header("To"));
		out.raw(" ");
		addresses(out, message.header("Cc"));
		out.raw(" ");
		addresses(out, message.header("Bcc"));
		out.raw(" ");
		text(out, message.header("In-Reply-To"));
		out.raw(" ");
		text(out, message.header("Message-ID"));
		out.raw(")");
	}

	private static String orElse(String value, String fallback) {
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/** Header text (ISO-8859-1 for the raw bytes) as a string, NIL when absent. */
	static void text(ImapOutput out, String latin1) throws IOException {
		if (latin1 == null) {
			out.raw("NIL");
		}
		else {
			out.bytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
		}
	}

	private static void addresses(ImapOutput out, String value) throws IOException {
		List<EnvelopeAddresses.Address> list = EnvelopeAddresses.parse(value);
		if (list.isEmpty()) {
			out.raw("NIL");
			return;
		}
		out.raw("(");
		for (EnvelopeAddresses.Address address : list) {
			out.raw("(");
			text(out, address.name());
			out.raw(" ");
			text(out, address.route());
			out.raw(" ");
			text(out, address.mailbox());
			out.raw(" ");
			text(out, address.host());
			out.raw(")");
		}
		out.raw(")");
	}

	/**
	 * @param extensible BODYSTRUCTURE (with extension data) rather than BODY
	 */
	static void body(ImapOutput out, MimeEntity entity, boolean extensible) throws IOException {
		out.raw("(");
		if (entity.isMultipart()) {
			for (MimeEntity part : entity.parts) {
				body(out, part, extensible);
			}
			out.raw(" ");
			text(out, entity.subtype);
			if (extensible) {
				out.raw(" ");
				parameters(out, entity.parameters);
				extension(out, entity);
			}
			out.raw(")");
			return;
		}
		String type = entity.type.equals("multipart") ? "text" : entity.type;
		String subtype = entity.type.equals("multipart") ? "plain" : entity.subtype;
		text(out, type);
		out.raw(" ");
		text(out, subtype);
		out.raw(" ");
		parameters(out, entity.parameters);
		out.raw(" ");
		text(out, entity.header("Content-ID"));
		out.raw(" ");
		text(out, entity.header("Content-Description"));
		out.raw(" ");
		String encoding = entity.header("Content-Transfer-Encoding");
		text(out, (encoding != null && !encoding.isBlank()) ? encoding.strip() : "7BIT");
		out.raw(" " + entity.bodySize());
		if (entity.isMessage()) {
			out.raw(" ");
			envelope(out, entity.message);
			out.raw(" ");
			body(out, entity.message, extensible);
			out.raw(" " + entity.bodyLines());
		}
		else if (type.equals("text")) {
			out.raw(" " + entity.bodyLines());
		}
		if (extensible) {
			out.raw(" ");
			text(out, entity.header("Content-MD5"));
			extension(out, entity);
		}
		out.raw(")");
	}

	/** Disposition, language and location (RFC 3501 7.4.2 body-ext-1part/-mpart). */
	private static void extension(ImapOutput out, MimeEntity entity) throws IOException {
		out.raw(" ");
		String disposition = entity.header("Content-Disposition");
		List<String[]> parameters = new ArrayList<>();
		String kind = (disposition != null) ? MimeEntity.parseDisposition(disposition, parameters)[0] : "";
		if (kind.isEmpty()) {
			out.raw("NIL");
		}
		else {
			out.raw("(");
			text(out, kind);
			out.raw(" ");
			parameters(out, parameters);
			out.raw(")");
		}
		out.raw(" ");
		String language = entity.header("Content-Language");
		if (language == null || language.isBlank()) {
			out.raw("NIL");
		}
		else {
			text(out, language.strip().toLowerCase(Locale.ROOT));
		}
		out.raw(" ");
		text(out, entity.header("Content-Location"));
	}

	private static void parameters(ImapOutput out, List<String[]> parameters) throws IOException {
		if (parameters.isEmpty()) {
			out.raw("NIL");
			return;
		}
		out.raw("(");
		boolean first = true;
		for (String[] parameter : parameters) {
			if (!first) {
				out.raw(" ");
			}
			first = false;
			text(out, parameter[0]);
			out.raw(" ");
			text(out, parameter[1]);
		}
		out.raw(")");
	}

}
