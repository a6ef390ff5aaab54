package dev.mailroom.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: the first request with a key runs and its answer is kept for
 * {@code mailroom.api.idempotency-ttl} (24 h); a retry with the same key and the same
 * request gets that answer again ({@code Idempotent-Replayed: true}) and nothing is sent
 * twice. The same key with another request is 422, and a retry while the first still runs
 * is 409. Only successful answers are kept: after an error the key is free again, so the
 * corrected request can use it.
 *
 * <p>
 * A key is claimed with one {@code INSERT ... ON CONFLICT} before the work starts, so two
 * concurrent requests with one key never both run, on one instance or several.
 */
@Component
class Idempotency {

	static final String HEADER = "Idempotency-Key";

	static final int MAX_KEY_LENGTH = 256;

	private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApiProperties properties;

	private final Clock clock;

	Idempotency(JdbcClient jdbc, JsonMapper json, ApiProperties properties, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Runs {@code action} once per key.
	 * @param key the header's value, null when the request has none (then it just runs)
	 * @param request what identifies the request: method, path and body (only asked for
	 * when there is a key)
	 */
	ResponseEntity<?> run(long userId, String key, Supplier<byte[]> request, Supplier<ResponseEntity<?>> action) {
		if (key == null) {
			return action.get();
		}
		check(key);
		byte[] hash = hash(request.get());
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		// Claims the key, or takes over one whose answer has expired.
		boolean claimed = this.jdbc.sql("""
				insert into api_idempotency_keys (user_id, idem_key, request_hash, created_at)
				values (:user, :key, :hash, :now)
				on conflict (user_id, idem_key) do update
				  set request_hash = excluded.request_hash, status = null, response_body = null,
				      created_at = excluded.created_at
				  where api_idempotency_keys.created_at < :expired
				returning 1
				""")
			.param("user", userId)
			.param("key", key)
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.param("expired", Timestamp.from(now.minus(this.properties.idempotencyTtl())))
			.query(Integer.class)
			.optional()
			.isPresent();
		if (!claimed) {
			return replay(userId, key, hash);
		}
		ResponseEntity<?> response;
		try {
			response = action.get();
		}
		catch (RuntimeException | Error ex) {
			release(userId, key);
			throw ex;
		}
		if (response.getStatusCode().is2xxSuccessful()) {
			this.jdbc.sql("""
					update api_idempotency_keys set status = :status, response_body = :body
					where user_id = :user and idem_key = :key
					""")
				.param("status", response.getStatusCode().value())
				.param("body", (response.getBody() != null) ? this.json.writeValueAsString(response.getBody()) : null)
				.param("user", userId)
				.param("key", key)
				.update();
		}
		else {
			release(userId, key);
		}
		return response;
	}

	private ResponseEntity<?> replay(long userId, String key, byte[] hash) {
		Optional<Stored> stored = this.jdbc.sql("""
				select request_hash, status, response_body from api_idempotency_keys
				where user_id = :user and idem_key = :key
				""")
			.param("user", userId)
			.param("key", key)
			.query((rs, row) -> new Stored(rs.getBytes("request_hash"), (Integer) rs.getObject("status"),
					rs.getString("response_body")))
			.optional();
		if (stored.isEmpty()) {
			// Released between our insert and this read: the first request failed.
			throw conflict();
		}
		if (!Arrays.equals(stored.get().hash(), hash)) {
			throw new ApiProblem(
					Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused",
							"This Idempotency-Key was used for a different request in the last "
									+ this.properties.idempotencyTtl().toHours() + " hours",
							java.util.List.of(new Problems.FieldError(HEADER, "was used for a different request"))));
		}
		if (stored.get().status() == null) {
			throw conflict();
		}
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.get().status())
			.header("Idempotent-Replayed", "true");
		if (stored.get().body() == null) {
			return builder.build();
		}
		return builder.contentType(MediaType.APPLICATION_JSON).body(stored.get().body());
	}

	private ApiProblem conflict() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		return new ApiProblem(Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-use", "Request in progress",
				"A request with this Idempotency-Key is still running; retry in a moment"), headers);
	}

	private record Stored(byte[] hash, Integer status, String body) {
	}

	private void release(long userId, String key) {
		try {
			this.jdbc
				.sql("delete from api_idempotency_keys where user_id = :user and idem_key = :key and status is null")
				.param("user", userId)
				.param("key", key)
				.update();
		}
		catch (RuntimeException ex) {
			log.warn("Could not release Idempotency-Key of user {}; it frees itself after {}", userId,
					this.properties.idempotencyTtl(), ex);
		}
	}

	private static void check(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new ApiProblem(Problems.invalid(HEADER, "must have 1 to " + MAX_KEY_LENGTH + " characters"));
		}
		if (!StandardCharsets.US_ASCII.newEncoder().canEncode(key) || SendValidator.hasControl(key)) {
			throw new ApiProblem(Problems.invalid(HEADER, "must be printable ASCII"));
		}
	}

	static byte[] hash(byte[] request) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(request);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java has SHA-256", ex);
		}
	}

	/** Forgets keys older than the TTL, hourly. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void expire() {
		try {
			int deleted = this.jdbc.sql("delete from api_idempotency_keys where created_at < :expired")
				.param("expired", Timestamp.from(this.clock.instant().minus(this.properties.idempotencyTtl())))
				.update();
			if (deleted > 0) {
				log.debug("Forgot {} expired idempotency keys", deleted);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Expiring idempotency keys failed; trying again in an hour", ex);
		}
	}

}
