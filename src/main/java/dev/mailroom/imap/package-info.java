/**
 * The IMAP4rev1 server (RFC 3501) with the extensions mail clients rely on (IDLE,
 * UIDPLUS, MOVE, SPECIAL-USE, NAMESPACE, ID, ENABLE, LITERAL+, CONDSTORE, QUOTA): a
 * session state machine over the {@code net} line server, a parser for tagged commands
 * with literals, and one small class per command group. Folders, UIDs, flags and
 * mod-sequences are the mailbox module's; news from deliveries and the webmail arrives as
 * mailbox events.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "mailbox", "account", "mime", "net" })
package dev.mailroom.imap;
