package dev.mailroom.account;

import java.time.Instant;

/** A local domain. */
public record DomainView(String name, Instant createdAt) {
}
