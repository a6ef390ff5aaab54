package dev.mailroom.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * At most {@value #MAX_SIGNUPS} accounts created per client address in any hour, so one
 * machine cannot register mailboxes by the hundred. Kept in memory, per instance. Behind
 * a reverse proxy the client address is the proxy's unless
 * {@code server.forward-headers-strategy} is set.
 */
@Component
class SignupThrottle {

	static final int MAX_SIGNUPS = 5;

	static final Duration WINDOW = Duration.ofHours(1);

	private final Map<String, Deque<Instant>> signups = new ConcurrentHashMap<>();

	private final Clock clock;

	SignupThrottle() {
		this(Clock.systemUTC());
	}

	SignupThrottle(Clock clock) {
		this.clock = clock;
	}

	/** Whether this client may create another account now. */
	boolean allowed(String client) {
		Deque<Instant> times = this.signups.get(key(client));
		if (times == null) {
			return true;
		}
		synchronized (times) {
			forgetOld(times, this.clock.instant());
			return times.size() < MAX_SIGNUPS;
		}
	}

	/** Counts an account this client created. */
	void created(String client) {
		Instant now = this.clock.instant();
		Deque<Instant> times = this.signups.computeIfAbsent(key(client), (ignored) -> new ArrayDeque<>());
		synchronized (times) {
			forgetOld(times, now);
			times.addLast(now);
		}
		if (this.signups.size() > 10_000) {
			this.signups.values().removeIf((entry) -> {
				synchronized (entry) {
					forgetOld(entry, now);
					return entry.isEmpty();
				}
			});
		}
	}

	private static void forgetOld(Deque<Instant> times, Instant now) {
		while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
			times.removeFirst();
		}
	}

	private static String key(String client) {
		return (client != null) ? client : "";
	}

}
