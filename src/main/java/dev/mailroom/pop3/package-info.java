/**
 * The POP3 server (RFC 1939 with CAPA, RFC 2449; STLS, RFC 2595; AUTH PLAIN, RFC 5034) on
 * the shared {@code net} line server: port 110 with STLS and 995 with implicit TLS. A
 * session serves the INBOX as it was at login; DELE takes effect at QUIT and expunges,
 * RETR marks a message {@code \Seen}. One small class per command.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "mailbox", "account", "mime", "net" })
package dev.mailroom.pop3;
