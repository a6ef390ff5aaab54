package dev.mailroom.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's webhooks: URLs that get {@code delivered}, {@code deferred},
 * {@code bounced} and {@code received} events, signed with the webhook's secret.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = """
		Each event is POSTed as JSON {"id", "type", "created_at", "data"} with the header \
		Mailroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>. \
		A 2xx answer delivers it; otherwise it is retried with backoff.""")
class WebhooksController {

	private final Webhooks webhooks;

	WebhooksController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	record NewWebhook(@Schema(example = "https://app.example.com/mailroom-events") String url,
			@Schema(description = "Any of delivered, deferred, bounced, received; all when empty",
					example = "[\"delivered\", \"bounced\"]") List<String> events) {
	}

	record WebhookView(long id, String url, List<String> events, @JsonProperty("created_at") Instant createdAt,
			@Schema(description = "The signing secret: only in the answer to POST") String secret) {

		static WebhookView of(Webhooks.Webhook webhook, boolean withSecret) {
			return new WebhookView(webhook.id(), webhook.url(), webhook.events(), webhook.createdAt(),
					withSecret ? webhook.secret() : null);
		}

	}

	record DeliveryView(long id, String event, String payload, String state, int attempts,
			@JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("last_status") Integer lastStatus,
			@JsonProperty("last_error") String lastError, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("delivered_at") Instant deliveredAt) {

		static DeliveryView of(Webhooks.Delivery delivery) {
			return new DeliveryView(delivery.id(), delivery.event(), delivery.payload(), delivery.state(),
					delivery.attempts(), delivery.nextAttemptAt(), delivery.lastStatus(), delivery.lastError(),
					delivery.createdAt(), delivery.deliveredAt());
		}

	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a webhook; the answer shows its signing secret once")
	ResponseEntity<WebhookView> create(ApiUser user, @RequestBody NewWebhook body) {
		Webhooks.Webhook webhook = this.webhooks.create(user.id(), body.url(), body.events());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + webhook.id()))
			.body(WebhookView.of(webhook, true));
	}

	@GetMapping
	@Operation(summary = "The caller's webhooks (without secrets)")
	List<WebhookView> list(ApiUser user) {
		return this.webhooks.list(user.id()).stream().map((webhook) -> WebhookView.of(webhook, false)).toList();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove a webhook and its pending deliveries")
	ResponseEntity<Void> delete(ApiUser user, @PathVariable long id) {
		if (!this.webhooks.delete(user.id(), id)) {
			throw ApiProblem.notFound("webhook");
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "The webhook's newest event deliveries, for debugging an endpoint")
	List<DeliveryView> deliveries(ApiUser user, @PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
		if (this.webhooks.list(user.id()).stream().noneMatch((webhook) -> webhook.id() == id)) {
			throw ApiProblem.notFound("webhook");
		}
		return this.webhooks.deliveries(user.id(), id, Math.max(1, Math.min(limit, 200)))
			.stream()
			.map(DeliveryView::of)
			.toList();
	}

}
