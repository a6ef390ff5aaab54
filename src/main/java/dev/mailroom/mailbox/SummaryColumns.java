package dev.mailroom.mailbox;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MessageSummary;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** How a parsed summary becomes the columns of {@code message_contents}. */
final class SummaryColumns {

	/** One content row's values, addresses and references as JSON text. */
	record Row(long size, byte[] sha256, String from, String to, String cc, String replyTo, String subject, String date,
			String messageId, String inReplyTo, String references, String preview, boolean attachments) {
	}

	private final JsonMapper json;

	SummaryColumns(JsonMapper json) {
		this.json = json;
	}

	Row row(long size, byte[] sha256, MessageSummary summary) {
		return new Row(size, sha256, addresses(summary.from()), addresses(summary.to()), addresses(summary.cc()),
				addresses(summary.replyTo()), text(summary.subject()),
				(summary.date() != null) ? summary.date().toString() : null, text(summary.messageId()),
				text(summary.inReplyTo()), json(summary.references()), text(summary.preview()),
				summary.hasAttachments());
	}

	/** Named parameters for single-row statements, references as a text array. */
	MapSqlParameterSource parameters(long size, byte[] sha256, MessageSummary summary) {
		Row row = row(size, sha256, summary);
		return new MapSqlParameterSource().addValue("size", row.size())
			.addValue("sha256", row.sha256())
			.addValue("from", row.from())
			.addValue("to", row.to())
			.addValue("cc", row.cc())
			.addValue("replyTo", row.replyTo())
			.addValue("subject", row.subject())
			.addValue("date", summary.date(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.addValue("messageId", row.messageId())
			.addValue("inReplyTo", row.inReplyTo())
			.addValue("references", summary.references().stream().map(SummaryColumns::text).toArray(String[]::new))
			.addValue("preview", row.preview())
			.addValue("attachments", row.attachments());
	}

	/**
	 * The ids a reply points at; the newest references suffice, a hostile message may
	 * carry thousands.
	 */
	static List<String> threadCandidates(MessageSummary summary) {
		List<String> references = summary.references();
		List<String> ids = new ArrayList<>(references.subList(Math.max(0, references.size() - 50), references.size()));
		if (summary.inReplyTo() != null) {
			ids.add(summary.inReplyTo());
		}
		return ids;
	}

	String json(List<String> values) {
		if (values.isEmpty()) {
			return "[]";
		}
		return this.json.writeValueAsString(values.stream().map(SummaryColumns::text).toList());
	}

	private String addresses(List<Mailbox> mailboxes) {
		if (mailboxes.isEmpty()) {
			return "[]";
		}
		return this.json.writeValueAsString(mailboxes.stream()
			.map((mailbox) -> new StoredAddress(text(mailbox.name()), text(mailbox.address())))
			.toList());
	}

	record StoredAddress(String name, String address) {
	}

	/**
	 * PostgreSQL text cannot hold NUL; a hostile header must not make a delivery fail.
	 */
	static String text(String value) {
		return (value != null) ? value.replace("\u0000", "\uFFFD") : null;
	}

}
