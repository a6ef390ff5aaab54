package dev.mailroom.account;

import java.time.Instant;

/** An alias address and the user it delivers to. */
public record AliasView(String email, String userEmail, Instant createdAt) {
}
