package dev.mailroom.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private Instant now = Instant.parse("2026-11-27T10:00:00Z");

	private final LoginThrottle throttle = new LoginThrottle(new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return LoginThrottleTests.this.now;
		}

	});

	@Test
	void aFewTyposCostNothing() {
		for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
			this.throttle.failed("kim@example.test", "10.0.0.1");
		}
		assertThat(this.throttle.waitBefore("kim@example.test", "10.0.0.1")).isZero();
	}

	@Test
	void guessingWaitsLongerAfterEveryFailureUpToFifteenMinutes() {
		for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
			this.throttle.failed("KIM@example.test", "10.0.0.1");
		}
		assertThat(this.throttle.waitBefore("kim@example.test", "10.0.0.2")).isEqualTo(Duration.ofSeconds(2));
		this.throttle.failed("kim@example.test", "10.0.0.1");
		assertThat(this.throttle.waitBefore("kim@example.test", null)).isEqualTo(Duration.ofSeconds(4));
		for (int i = 0; i < 30; i++) {
			this.throttle.failed("kim@example.test", "10.0.0.1");
		}
		assertThat(this.throttle.waitBefore("kim@example.test", null)).isEqualTo(Duration.ofMinutes(15));
		this.now = this.now.plus(Duration.ofMinutes(15));
		assertThat(this.throttle.waitBefore("kim@example.test", null)).isZero();
	}

	@Test
	void oneClientSprayingManyAddressesIsSlowedToo() {
		for (int i = 0; i < LoginThrottle.FREE_CLIENT_FAILURES; i++) {
			this.throttle.failed("user" + i + "@example.test", "10.6.6.6");
		}
		assertThat(this.throttle.waitBefore("someone-else@example.test", "10.6.6.6")).isPositive();
		assertThat(this.throttle.waitBefore("someone-else@example.test", "10.0.0.9")).isZero();
	}

	@Test
	void successClearsTheAddressCount() {
		for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
			this.throttle.failed("lee@example.test", "10.0.0.1");
		}
		this.throttle.succeeded("lee@example.test");
		this.throttle.failed("lee@example.test", "10.0.0.1");
		assertThat(this.throttle.waitBefore("lee@example.test", null)).isZero();
	}

}
