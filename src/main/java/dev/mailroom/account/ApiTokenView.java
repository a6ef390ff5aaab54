package dev.mailroom.account;

import java.time.Instant;

/**
 * An API token as lists show it: never the secret.
 *
 * @param prefix the first characters of the secret after {@code mr_}, to tell tokens
 * apart
 * @param lastUsedAt when it last authenticated a request (to the minute), null for never
 */
public record ApiTokenView(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {
}
