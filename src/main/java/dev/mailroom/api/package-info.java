/**
 * The REST API under {@code /api/v1}: the admin API for users, domains and aliases now,
 * sending and reading mail later. Stateless (HTTP Basic, later bearer tokens); every
 * error is an RFC 9457 problem detail.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "mailbox", "delivery", "mime" })
package dev.mailroom.api;
