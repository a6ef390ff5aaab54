package dev.mailroom.api;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the REST API ({@code mailroom.api.*}).
 *
 * @param maxRecipients the most To, Cc and Bcc recipients one message may have
 * @param maxMessageSize the largest request body of a send (JSON with base64 attachments,
 * or a raw message); larger ones are answered 413
 * @param rateLimit requests per minute per user (a token bucket holding that many, filled
 * at that rate); over it, 429
 * @param idempotencyTtl how long an {@code Idempotency-Key} and its first answer are kept
 * @param webhooks webhook delivery
 */
@ConfigurationProperties("mailroom.api")
public record ApiProperties(@DefaultValue("100") int maxRecipients, @DefaultValue("25MB") DataSize maxMessageSize,
		@DefaultValue("600") int rateLimit, @DefaultValue("24h") Duration idempotencyTtl,
		@DefaultValue Webhooks webhooks) {

	public ApiProperties {
		if (maxRecipients < 1) {
			throw new IllegalArgumentException("mailroom.api.max-recipients must be at least 1");
		}
		if (rateLimit < 1) {
			throw new IllegalArgumentException("mailroom.api.rate-limit must be at least 1");
		}
	}

	/**
	 * @param pollInterval how often due webhook deliveries are looked for
	 * @param retryIntervals waits after failed attempts; the last repeats
	 * @param maxAttempts attempts before a delivery is given up ("failed")
	 * @param timeout connect and answer timeout of one attempt
	 */
	public record Webhooks(@DefaultValue("1s") Duration pollInterval, @DefaultValue( {
			"30s", "2m", "10m", "1h", "6h" }) List<Duration> retryIntervals, @DefaultValue("8") int maxAttempts,
			@DefaultValue("10s") Duration timeout){

		public Webhooks {
			retryIntervals = List.copyOf(retryIntervals);
			if (retryIntervals.isEmpty()) {
				throw new IllegalArgumentException("mailroom.api.webhooks.retry-intervals needs at least one");
			}
		}

		/** The wait after the given number of failed attempts (1 for the first). */
		Duration retryAfter(int attempts) {
			return this.retryIntervals.get(Math.min(Math.max(attempts, 1), this.retryIntervals.size()) - 1);
		}

	}

}
