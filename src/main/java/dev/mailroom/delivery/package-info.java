/**
 * Submission and delivery: the one entry point through which every message enters
 * Mailroom (SMTP now; the webmail and REST API later). Local recipients get the message
 * in their INBOX at once; remote recipients wait in the durable outbound queue for the
 * outbound SMTP client.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "mailbox", "account", "mime" })
package dev.mailroom.delivery;
