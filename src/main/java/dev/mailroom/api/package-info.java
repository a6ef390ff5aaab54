/**
 * The REST API under {@code /api/v1}: sending (JSON, raw, scheduled), reading and filing
 * mail, each recipient's delivery, API tokens, webhooks, and the admin API for users,
 * domains and aliases. Stateless (bearer API tokens or HTTP Basic), rate limited per
 * user; every error is an RFC 9457 problem detail.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "mailbox", "delivery", "mime" })
package dev.mailroom.api;
