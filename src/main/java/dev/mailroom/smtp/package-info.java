/**
 * The inbound SMTP server (RFC 5321): the MX listener other servers deliver to, and the
 * submission listeners (587 with STARTTLS, 465 with implicit TLS) mail clients send
 * through. One small class per command; accepted mail goes to the delivery module's
 * submission service and is acknowledged only after it is committed.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "delivery", "account", "mime", "net" })
package dev.mailroom.smtp;
