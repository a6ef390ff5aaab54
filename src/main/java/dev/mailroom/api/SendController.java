package dev.mailroom.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.mailroom.account.AccountService;
import dev.mailroom.delivery.ComposedSubmission;
import dev.mailroom.delivery.DeliveryStatus;
import dev.mailroom.delivery.Envelope;
import dev.mailroom.delivery.ScheduledSend;
import dev.mailroom.delivery.ScheduledSends;
import dev.mailroom.delivery.Submission;
import dev.mailroom.delivery.SubmissionRefusedException;
import dev.mailroom.delivery.SubmissionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sending: {@code POST /api/v1/messages} (JSON) and {@code /api/v1/messages/raw} (a ready
 * message), through the same {@link SubmissionService} as the webmail and SMTP
 * submission. A send answers 202 once the message is committed: in the local recipients'
 * INBOXes and the outbound queue.
 */
@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "Sending")
class SendController {

	private final SubmissionService submissions;

	private final ScheduledSends outbox;

	private final ApiSends sends;

	private final Idempotency idempotency;

	private final ApiProperties properties;

	private final JsonMapper json;

	private final AccountService accounts;

	private final DeliveryStatus deliveries;

	private final WebhookEvents events;

	SendController(SubmissionService submissions, ScheduledSends outbox, ApiSends sends, Idempotency idempotency,
			ApiProperties properties, JsonMapper json, AccountService accounts, DeliveryStatus deliveries,
			WebhookEvents events) {
		this.submissions = submissions;
		this.outbox = outbox;
		this.sends = sends;
		this.idempotency = idempotency;
		this.properties = properties;
		this.json = json;
		this.accounts = accounts;
		this.deliveries = deliveries;
		this.events = events;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Send a message",
			description = "Answers 202 once the message is stored for every recipient (local INBOXes, the outbound "
					+ "queue, a copy in Sent). With send_at it waits in the outbox instead (status scheduled) and "
					+ "can be cancelled until it goes.")
	@ApiResponse(responseCode = "202", description = "Accepted",
			content = @Content(schema = @Schema(implementation = MessageViews.Accepted.class),
					examples = @ExampleObject(value = """
							{"id": "4f1c2a9e7b3d4e5f8a6b0c1d2e3f4a5b@mail.example.com", "status": "queued",
							 "submitted_at": "2026-11-27T08:00:00.123456Z", "sent_id": 1042}""")))
	@ApiResponse(responseCode = "400",
			description = "Invalid fields (each named in errors), header injection, too many recipients, unknown fields",
			content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(
					value = """
							{"type": "urn:mailroom:problem:invalid-request", "title": "Invalid request", "status": 400,
							 "detail": "to[0].email: 'kim@' is not an address of the form name@domain",
							 "errors": [{"field": "to[0].email", "message": "'kim@' is not an address of the form name@domain"}]}""")))
	@ApiResponse(responseCode = "403", description = "from is not the caller's address",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "Body over mailroom.api.max-message-size",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "Idempotency-Key used for another request",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429", description = "Rate limit (see Retry-After)",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<?> send(ApiUser user, @Parameter(
			description = "Up to 256 characters; a retry with the same key within 24 h gets the first answer and sends nothing") @RequestHeader(
					name = Idempotency.HEADER, required = false) String key,
			@RequestBody SendRequest request) {
		return this.idempotency.run(user.id(), key,
				() -> concat("POST /api/v1/messages\n", this.json.writeValueAsBytes(request)),
				() -> send(user, request));
	}

	private ResponseEntity<?> send(ApiUser user, SendRequest request) {
		SendValidator.Checked checked = SendValidator.check(request, this.properties.maxRecipients());
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<SendRequest.Tag> tags = (request.tags() != null) ? request.tags() : List.of();
		Map<String, String> metadata = (request.metadata() != null) ? request.metadata() : Map.of();
		if (request.sendAt() != null) {
			ScheduledSend scheduled = this.outbox.schedule(user.id(), checked.draft(), request.sendAt().toInstant(),
					null);
			this.sends.record(new ApiSends.Send(user.id(), scheduled.messageId(), checked.recipients(), tags, metadata,
					null, scheduled.id(), scheduled.sendAt(), now));
			return accepted(
					new MessageViews.Accepted(scheduled.messageId(), "scheduled", now, scheduled.sendAt(), null));
		}
		ComposedSubmission sent = this.submissions.submitComposed(user.id(), checked.draft(), now);
		long contentId = sent.submission().contentId();
		this.sends.record(new ApiSends.Send(user.id(), sent.messageId(), checked.recipients(), tags, metadata,
				contentId, null, null, now));
		if (this.events.wantsDelivered(user.id())) {
			this.events.localDelivered(user.id(), sent.messageId(),
					this.deliveries.of(user.id(), contentId, checked.recipients(), now), tags, metadata);
		}
		return accepted(new MessageViews.Accepted(sent.messageId(), "queued", now, null,
				(sent.sentCopy() != null) ? sent.sentCopy().id() : null));
	}

	@PostMapping(path = "/raw", consumes = { "message/rfc822", MediaType.APPLICATION_OCTET_STREAM_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Send a ready message (message/rfc822)",
			description = "The envelope is read from From (an address of the caller's), To, Cc and Bcc; Bcc is taken "
					+ "out of the message, line ends become CRLF, Date and Message-ID are added when missing. "
					+ "No copy is kept in Sent.")
	@ApiResponse(responseCode = "202", description = "Accepted",
			content = @Content(schema = @Schema(implementation = MessageViews.Accepted.class)))
	ResponseEntity<?> sendRaw(ApiUser user, @RequestHeader(name = Idempotency.HEADER, required = false) String key,
			HttpServletRequest request) throws IOException {
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readAllBytes();
		}
		return this.idempotency.run(user.id(), key, () -> concat("POST /api/v1/messages/raw\n", body),
				() -> sendRaw(user, body));
	}

	private ResponseEntity<?> sendRaw(ApiUser user, byte[] body) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		RawMessages.Prepared prepared = RawMessages.prepare(body, this.properties.maxRecipients(), now);
		if (!this.accounts.owns(user.id(), prepared.from())) {
			throw new SubmissionRefusedException("You cannot send as " + prepared.from());
		}
		byte[] returnPath = ("Return-Path: <" + prepared.from() + ">\r\n").getBytes(StandardCharsets.US_ASCII);
		Submission submission = this.submissions.submit(new Envelope(prepared.from(), prepared.recipients(), user.id()),
				new java.io.SequenceInputStream(new ByteArrayInputStream(returnPath),
						new ByteArrayInputStream(prepared.raw())),
				now);
		this.sends.record(new ApiSends.Send(user.id(), prepared.messageId(), prepared.recipients(), List.of(), Map.of(),
				submission.contentId(), null, null, now));
		if (this.events.wantsDelivered(user.id())) {
			this.events.localDelivered(user.id(), prepared.messageId(),
					this.deliveries.of(user.id(), submission.contentId(), prepared.recipients(), now), List.of(),
					Map.of());
		}
		return accepted(new MessageViews.Accepted(prepared.messageId(), "queued", now, null, null));
	}

	private static ResponseEntity<?> accepted(MessageViews.Accepted body) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/api/v1/messages/" + body.id()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
	}

	private static byte[] concat(String prefix, byte[] body) {
		byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

}
