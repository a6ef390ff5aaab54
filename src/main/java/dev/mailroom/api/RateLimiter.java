package dev.mailroom.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A token bucket per user, in memory: {@code mailroom.api.rate-limit} requests a minute,
 * with bursts of up to that many. Each Mailroom instance counts on its own.
 */
@Component
class RateLimiter {

	private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

	private final int limit;

	private final LongSupplier nanoTime;

	private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

	@Autowired
	RateLimiter(ApiProperties properties) {
		this(properties.rateLimit(), System::nanoTime);
	}

	RateLimiter(int limit, LongSupplier nanoTime) {
		this.limit = limit;
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes one request from the user's bucket.
	 * @return whether it was allowed, and the numbers for the {@code RateLimit-*} headers
	 */
	Decision acquire(long userId) {
		long now = this.nanoTime.getAsLong();
		Bucket bucket = this.buckets.computeIfAbsent(userId, (id) -> new Bucket(this.limit, now));
		synchronized (bucket) {
			bucket.refill(now, this.limit);
			boolean allowed = bucket.tokens >= 1.0;
			if (allowed) {
				bucket.tokens -= 1.0;
			}
			double perSecond = this.limit / 60.0;
			long untilFull = (long) Math.ceil((this.limit - bucket.tokens) / perSecond);
			long untilOne = allowed ? 0 : Math.max(1, (long) Math.ceil((1.0 - bucket.tokens) / perSecond));
			return new Decision(allowed, this.limit, (int) Math.floor(bucket.tokens), allowed ? untilFull : untilOne,
					untilOne);
		}
	}

	/**
	 * @param remaining requests left now
	 * @param resetSeconds seconds until the bucket is full again, or when refused, until
	 * the next request is allowed
	 * @param retryAfterSeconds when refused, seconds until the next request is allowed
	 */
	record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
	}

	/** Full buckets are the same as none: forgotten, so idle users cost no memory. */
	@Scheduled(fixedDelay = 60_000)
	void forgetFullBuckets() {
		long now = this.nanoTime.getAsLong();
		this.buckets.entrySet().removeIf((entry) -> {
			synchronized (entry.getValue()) {
				entry.getValue().refill(now, this.limit);
				return entry.getValue().tokens >= this.limit;
			}
		});
	}

	private static final class Bucket {

		private double tokens;

		private long updated;

		Bucket(int limit, long now) {
			this.tokens = limit;
			this.updated = now;
		}

		void refill(long now, int limit) {
			long elapsed = now - this.updated;
			if (elapsed > 0) {
				this.tokens = Math.min(limit, this.tokens + (double) elapsed * limit / NANOS_PER_MINUTE);
				this.updated = now;
			}
		}

	}

}
