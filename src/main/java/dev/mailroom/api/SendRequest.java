package dev.mailroom.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/messages}. Unknown fields are refused (400), so a
 * misspelt one is never silently dropped. {@code to}, {@code cc}, {@code bcc} and
 * {@code reply_to} take a list or a single address.
 */
@Schema(description = "A message to send", example = """
		{
		  "from": {"email": "news@example.com", "name": "뉴스레터"},
		  "to": [{"email": "kim@example.org", "name": "김철수"}],
		  "subject": "3월 소식",
		  "text": "안녕하세요!",
		  "html": "<p>안녕하세요!</p>",
		  "attachments": [{"filename": "보고서.pdf", "content_type": "application/pdf", "content": "JVBERi0xLjQK"}],
		  "headers": {"List-Unsubscribe": "<mailto:unsubscribe@example.com>"},
		  "tags": [{"name": "campaign", "value": "march"}],
		  "metadata": {"customer": "42"}
		}""")
record SendRequest(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
				description = "An address of the caller (their own or an alias), else 403") Address from,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Address> to,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Address> cc,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Schema(
				description = "Recipients in the envelope only, never in the message") List<Address> bcc,
		@JsonProperty("reply_to") @JsonFormat(
				with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Address> replyTo,
		String subject, @Schema(description = "Plain text body; text or html (or both) is required") String text,
		@Schema(description = "HTML body, sent as written") String html, List<Attachment> attachments,
		@Schema(description = "Further header fields; those Mailroom writes itself (From, To, Cc, Bcc, Subject, "
				+ "Reply-To, Date, Message-ID, MIME-Version, Content-*, ...) are refused",
				example = "{\"List-Unsubscribe\": \"<mailto:unsubscribe@example.com>\"}") Map<String, String> headers,
		@Schema(description = "Name/value pairs for the caller's own bookkeeping, in webhooks and reads; "
				+ "never written into the message") List<Tag> tags,
		@Schema(description = "A flat map of strings, like tags") Map<String, String> metadata,
		@JsonProperty("send_at") @Schema(description = "Send later (ISO 8601); cancellable until then",
				example = "2026-12-01T09:00:00+09:00") OffsetDateTime sendAt) {

	@Schema(description = "An address with an optional display name")
	record Address(@Schema(example = "kim@example.org", requiredMode = Schema.RequiredMode.REQUIRED) String email,
			@Schema(example = "김철수") String name) {
	}

	@Schema(description = "A file, or with disposition inline an image the HTML refers to as cid:<content_id>")
	record Attachment(@Schema(example = "보고서.pdf") String filename,
			@JsonProperty("content_type") @Schema(example = "application/pdf",
					description = "Default application/octet-stream") String contentType,
			@Schema(description = "The file in base64", requiredMode = Schema.RequiredMode.REQUIRED,
					example = "JVBERi0xLjQK") String content,
			@Schema(allowableValues = {
					"attachment", "inline" }, defaultValue = "attachment") String disposition,
			@JsonProperty("content_id") @Schema(description = "Required for inline",
					example = "logo") String contentId){
	}

	record Tag(@Schema(example = "campaign") String name, @Schema(example = "march") String value) {
	}

}
