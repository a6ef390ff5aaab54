package dev.mailroom.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends queued webhook events: an HTTP POST of the JSON payload with
 * {@code Mailroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the
 * webhook's secret>}. Any 2xx answer delivers it; anything else (an error status, a
 * timeout, no connection) is tried again after
 * {@code mailroom.api.webhooks.retry-intervals} until {@code max-attempts}, then given up
 * as failed. Redirects are not followed.
 *
 * <p>
 * Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} and leased until the attempt
 * is over, so several instances never send one attempt twice; a process stopped mid-send
 * sends again after the lease (at-least-once: receivers should use the event id to drop
 * duplicates).
 */
@Component
class WebhookSender implements DisposableBean {

	static final int BATCH = 20;

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private final JdbcClient jdbc;

	private final ApiProperties.Webhooks properties;

	private final ExecutorService executor = Executors.newFixedThreadPool(BATCH, (runnable) -> {
		Thread thread = new Thread(runnable, "webhooks");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient client;

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "webhooks-poll");
		thread.setDaemon(true);
		return thread;
	});

	WebhookSender(JdbcClient jdbc, ApiProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties.webhooks();
		this.client = HttpClient.newBuilder()
			.connectTimeout(this.properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Polls on a thread of its own, not Spring's shared scheduler thread: an endpoint
	 * that answers slowly (up to the timeout) must never hold up the outbox or the
	 * outbound queue.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		long interval = this.properties.pollInterval().toMillis();
		this.poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
	}

	void poll() {
		try {
			while (sendDue() >= BATCH) {
				// more waiting
			}
		}
		catch (RuntimeException ex) {
			log.warn("Sending webhooks failed; trying again at the next poll", ex);
		}
	}

	private record Claimed(long id, String event, String payload, int attempts, String url, String secret) {
	}

	/** Sends what is due now; returns how many attempts were made. */
	int sendDue() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Instant lease = now.plus(this.properties.timeout()).plusSeconds(30);
		List<Claimed> claimed = this.jdbc.sql("""
				update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = :lease
				from webhooks w
				where w.id = d.webhook_id and d.id in (
				  select id from webhook_deliveries
				  where state = 'pending' and next_attempt_at <= :now
				  order by next_attempt_at, id limit :limit for update skip locked)
				returning d.id, d.event, d.payload, d.attempts, w.url, w.secret
				""")
			.param("lease", Timestamp.from(lease))
			.param("now", Timestamp.from(now))
			.param("limit", BATCH)
			.query((rs, row) -> new Claimed(rs.getLong("id"), rs.getString("event"), rs.getString("payload"),
					rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")))
			.list();
		CompletableFuture
			.allOf(claimed.stream()
				.map((row) -> CompletableFuture.runAsync(() -> attempt(row), this.executor))
				.toArray(CompletableFuture[]::new))
			.join();
		return claimed.size();
	}

	private void attempt(Claimed row) {
		Integer status = null;
		String error = null;
		try {
			long timestamp = Instant.now().getEpochSecond();
			HttpRequest request = HttpRequest.newBuilder(URI.create(row.url()))
				.timeout(this.properties.timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "Mailroom-Webhooks/1")
				.header("Mailroom-Event", row.event())
				.header("Mailroom-Delivery", Long.toString(row.id()))
				.header("Mailroom-Signature", signature(row.secret(), timestamp, row.payload()))
				.POST(HttpRequest.BodyPublishers.ofString(row.payload(), StandardCharsets.UTF_8))
				.build();
			HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		catch (Exception ex) {
			error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		}
		record(row, status, error);
	}

	private void record(Claimed row, Integer status, String error) {
		Instant now = Instant.now();
		boolean delivered = status != null && status >= 200 && status < 300;
		String state = delivered ? "delivered"
				: (row.attempts() >= this.properties.maxAttempts()) ? "failed" : "pending";
		if (!delivered) {
			log.info("Webhook delivery {} to {}: attempt {} failed ({}){}", row.id(), row.url(), row.attempts(),
					(status != null) ? "HTTP " + status : error, state.equals("failed") ? ", giving up" : "");
		}
		this.jdbc.sql("""
				update webhook_deliveries set state = :state, last_status = :status, last_error = :error,
				  next_attempt_at = :next, delivered_at = :delivered
				where id = :id
				""")
			.param("state", state)
			.param("status", status)
			.param("error", (error != null && error.length() > 500) ? error.substring(0, 500) : error)
			.param("next", Timestamp.from(now.plus(this.properties.retryAfter(row.attempts()))))
			.param("delivered", delivered ? Timestamp.from(now) : null)
			.param("id", row.id())
			.update();
	}

	/**
	 * {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}, as
	 * Stripe signs; receivers recompute it and should refuse old timestamps (replays).
	 */
	static String signature(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("Every Java has HmacSHA256", ex);
		}
	}

	@Override
	public void destroy() {
		this.poller.shutdownNow();
		this.executor.shutdownNow();
	}

}
