package dev.mailroom.api;

/**
 * Settings of the test context with small limits and fast webhook retries, shared by the
 * test classes that need them (one context for all of them).
 */
final class LimitedApi {

	static final String RATE_LIMIT = "mailroom.api.rate-limit=20";

	static final String MAX_SIZE = "mailroom.api.max-message-size=64KB";

	static final String WEBHOOK_POLL = "mailroom.api.webhooks.poll-interval=100ms";

	static final String WEBHOOK_RETRIES = "mailroom.api.webhooks.retry-intervals=300ms,600ms";

	static final String WEBHOOK_ATTEMPTS = "mailroom.api.webhooks.max-attempts=3";

	private LimitedApi() {
	}

}
