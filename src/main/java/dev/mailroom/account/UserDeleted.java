package dev.mailroom.account;

/** Published inside the transaction that deletes a user. */
public record UserDeleted(long userId, String email) {
}
