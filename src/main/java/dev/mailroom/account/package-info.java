/**
 * Accounts: the local domains we accept mail for, users with their hashed passwords and
 * quotas, aliases, and the one authenticator every protocol (web, REST, SMTP, POP3, IMAP,
 * FTP) uses. Publishes {@link dev.mailroom.account.UserCreated} and
 * {@link dev.mailroom.account.UserDeleted}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "mime" })
package dev.mailroom.account;
