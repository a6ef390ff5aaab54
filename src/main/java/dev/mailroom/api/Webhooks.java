package dev.mailroom.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's webhooks: where to POST which events, each signed with the webhook's secret
 * ({@link WebhookSender}). Events are queued in {@code webhook_deliveries} and sent by
 * the sender, so a slow or dead endpoint never holds up mail.
 *
 * <p>
 * Who has webhooks is cached for {@link #CACHE_TTL} per user, so mail for users without
 * any costs no query; changes made through this instance show at once.
 */
@Component
class Webhooks {

	/** The events a webhook can ask for. */
	static final List<String> EVENTS = List.of("delivered", "deferred", "bounced", "received");

	static final Duration CACHE_TTL = Duration.ofSeconds(10);

	static final int MAX_PER_USER = 10;

	private static final int MAX_URL_LENGTH = 2000;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final SecureRandom random = new SecureRandom();

	private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

	Webhooks(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	record Webhook(long id, long userId, String url, String secret, List<String> events, Instant createdAt) {
	}

	private record Cached(List<Webhook> webhooks, Instant loadedAt) {
	}

	/**
	 * @param events the events to send, all when empty or null
	 * @throws ApiProblem 400 for a URL that is not http or https, or an unknown event
	 */
	Webhook create(long userId, String url, List<String> events) {
		URI uri = checkUrl(url);
		Set<String> chosen = new LinkedHashSet<>();
		if (events == null || events.isEmpty()) {
			chosen.addAll(EVENTS);
		}
		else {
			for (int i = 0; i < events.size(); i++) {
				String event = (events.get(i) != null) ? events.get(i).toLowerCase(Locale.ROOT) : null;
				if (!EVENTS.contains(event)) {
					throw new ApiProblem(Problems.invalid("events[" + i + "]", "must be one of " + EVENTS));
				}
				chosen.add(event);
			}
		}
		if (list(userId).size() >= MAX_PER_USER) {
			throw new ApiProblem(Problems.of(HttpStatus.CONFLICT, "too-many-webhooks", "Too many webhooks",
					"At most " + MAX_PER_USER + " webhooks per user"));
		}
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String secretText = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Instant now = Instant.now();
		long id = this.jdbc.sql("""
				insert into webhooks (user_id, url, secret, events, created_at)
				values (:user, :url, :secret, :events, :now) returning id
				""")
			.param("user", userId)
			.param("url", uri.toString())
			.param("secret", secretText)
			.param("events", chosen.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
		this.cache.remove(userId);
		return new Webhook(id, userId, uri.toString(), secretText, List.copyOf(chosen), now);
	}

	private static URI checkUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new ApiProblem(Problems.invalid("url", "is required"));
		}
		if (url.length() > MAX_URL_LENGTH) {
			throw new ApiProblem(Problems.invalid("url", "at most " + MAX_URL_LENGTH + " characters"));
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw new ApiProblem(Problems.invalid("url", "is not a URL: " + ex.getReason()));
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new ApiProblem(Problems.invalid("url", "must be an http or https URL"));
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new ApiProblem(Problems.invalid("url", "needs a host"));
		}
		return uri;
	}

	List<Webhook> list(long userId) {
		return this.jdbc.sql("select * from webhooks where user_id = :user order by id")
			.param("user", userId)
			.query(Webhooks::webhook)
			.list();
	}

	boolean delete(long userId, long id) {
		boolean deleted = this.jdbc.sql("delete from webhooks where id = :id and user_id = :user")
			.param("id", id)
			.param("user", userId)
			.update() > 0;
		this.cache.remove(userId);
		return deleted;
	}

	/**
	 * One event delivery of a webhook, as {@code GET /api/v1/webhooks/{id}/deliveries}
	 * shows it.
	 */
	record Delivery(long id, String event, String payload, String state, int attempts, Instant nextAttemptAt,
			Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt) {
	}

	/** The newest deliveries of one of the user's webhooks; empty when not theirs. */
	List<Delivery> deliveries(long userId, long webhookId, int limit) {
		return this.jdbc.sql("""
				select d.* from webhook_deliveries d join webhooks w on w.id = d.webhook_id
				where w.id = :webhook and w.user_id = :user order by d.id desc limit :limit
				""").param("webhook", webhookId).param("user", userId).param("limit", limit).query((rs, row) -> {
			Timestamp delivered = rs.getTimestamp("delivered_at");
			return new Delivery(rs.getLong("id"), rs.getString("event"), rs.getString("payload"), rs.getString("state"),
					rs.getInt("attempts"),
					rs.getString("state").equals("pending") ? rs.getTimestamp("next_attempt_at").toInstant() : null,
					(Integer) rs.getObject("last_status"), rs.getString("last_error"),
					rs.getTimestamp("created_at").toInstant(), (delivered != null) ? delivered.toInstant() : null);
		}).list();
	}

	/** Whether the user has a webhook for this event (cached). */
	boolean wants(long userId, String event) {
		return subscribed(userId, event).findAny().isPresent();
	}

	private java.util.stream.Stream<Webhook> subscribed(long userId, String event) {
		Instant now = Instant.now();
		Cached cached = this.cache.get(userId);
		if (cached == null || cached.loadedAt().plus(CACHE_TTL).isBefore(now)) {
			cached = new Cached(list(userId), now);
			this.cache.put(userId, cached);
		}
		return cached.webhooks().stream().filter((webhook) -> webhook.events().contains(event));
	}

	/**
	 * Queues an event for every webhook of the user that wants it.
	 * @param data the event's {@code data} object
	 */
	void enqueue(long userId, String event, Map<String, Object> data) {
		List<Webhook> targets = subscribed(userId, event).toList();
		if (targets.isEmpty()) {
			return;
		}
		Instant now = Instant.now();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
		payload.put("type", event);
		payload.put("created_at", now.toString());
		payload.put("data", data);
		String body = this.json.writeValueAsString(payload);
		List<Object[]> rows = new ArrayList<>();
		targets.forEach((webhook) -> rows.add(new Object[] { webhook.id(), event, body }));
		for (Object[] row : rows) {
			this.jdbc
				.sql("""
						insert into webhook_deliveries (webhook_id, event, payload, next_attempt_at, created_at)
						select :webhook, :event, :payload, :now, :now where exists (select 1 from webhooks where id = :webhook)
						""")
				.param("webhook", row[0])
				.param("event", row[1])
				.param("payload", row[2])
				.param("now", Timestamp.from(now))
				.update();
		}
	}

	private static Webhook webhook(ResultSet rs, int row) throws SQLException {
		return new Webhook(rs.getLong("id"), rs.getLong("user_id"), rs.getString("url"), rs.getString("secret"),
				strings(rs.getArray("events")), rs.getTimestamp("created_at").toInstant());
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

}
