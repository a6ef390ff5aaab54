/**
 * The mail store: folders, messages, flags, UIDs, threads and search, in PostgreSQL.
 * Every query is scoped to one user. Hot paths (delivery, IMAP) use plain SQL through
 * JdbcClient.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "mime" })
package dev.mailroom.mailbox;
