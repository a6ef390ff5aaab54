package dev.mailroom.account;

import java.time.Duration;

/**
 * A login refused without checking the password, because too many recent attempts for the
 * address or from the client failed ({@link LoginThrottle}).
 */
public class LoginThrottledException extends RuntimeException {

	private final Duration retryAfter;

	public LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
