package dev.mailroom.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing, for every protocol at once: after {@value #FREE_FAILURES}
 * failed logins for one address, or from one client address, each further attempt must
 * wait, twice as long after every failure (2 s, 4 s, ... up to 15 minutes). A success for
 * the address clears its count. Counts are kept in memory for an hour after the last
 * failure: per instance, which is enough to turn an online guessing attack from thousands
 * of tries a minute into a handful.
 */
@Component
public class LoginThrottle {

	static final int FREE_FAILURES = 5;

	static final int FREE_CLIENT_FAILURES = 50;

	private static final Duration MAX_WAIT = Duration.ofMinutes(15);

	private static final Duration FORGET_AFTER = Duration.ofHours(1);

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final Clock clock;

	LoginThrottle() {
		this(Clock.systemUTC());
	}

	LoginThrottle(Clock clock) {
		this.clock = clock;
	}

	private record Failures(int count, Instant last) {

		Instant retryAt(int free) {
			if (this.count < free) {
				return Instant.MIN;
			}
			int doublings = Math.min(this.count - free + 1, 20);
			Duration wait = Duration.ofSeconds(1L << doublings);
			return this.last.plus((wait.compareTo(MAX_WAIT) > 0) ? MAX_WAIT : wait);
		}

	}

	/**
	 * How long this login must wait before it may be tried, zero when it may be now.
	 * @param login the address as typed
	 * @param client the client's IP address, or null when unknown
	 */
	public Duration waitBefore(String login, String client) {
		Instant now = this.clock.instant();
		Instant retryAt = Instant.MIN;
		for (String key : keys(login, client)) {
			Failures entry = this.failures.get(key);
			int free = key.startsWith("ip:") ? FREE_CLIENT_FAILURES : FREE_FAILURES;
			if (entry != null && entry.retryAt(free).isAfter(retryAt)) {
				retryAt = entry.retryAt(free);
			}
		}
		return retryAt.isAfter(now) ? Duration.between(now, retryAt) : Duration.ZERO;
	}

	void failed(String login, String client) {
		Instant now = this.clock.instant();
		for (String key : keys(login, client)) {
			this.failures.merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
		}
		if (this.failures.size() > 10_000) {
			this.failures.values().removeIf((entry) -> entry.last().plus(FORGET_AFTER).isBefore(now));
		}
	}

	void succeeded(String login) {
		this.failures.remove(loginKey(login));
	}

	private static String[] keys(String login, String client) {
		return (client != null) ? new String[] { loginKey(login), "ip:" + client } : new String[] { loginKey(login) };
	}

	private static String loginKey(String login) {
		return "login:" + ((login != null) ? login.strip().toLowerCase(Locale.ROOT) : "");
	}

}
