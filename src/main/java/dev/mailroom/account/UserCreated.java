package dev.mailroom.account;

/**
 * Published inside the transaction that creates a user, so listeners (the mailbox's
 * standard folders) commit or roll back with it.
 */
public record UserCreated(long userId, String email) {
}
