/**
 * The TCP line-protocol server that SMTP, POP3 and IMAP run on: a {@link LineServer} per
 * listening port runs a {@link SessionHandler} per connection over a {@link Connection}
 * that reads CRLF lines and raw bytes and can switch to TLS, with the certificate from
 * {@link TlsProvider}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.mailroom.net;
