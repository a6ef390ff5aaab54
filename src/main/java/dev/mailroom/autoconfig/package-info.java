/**
 * Mail client autoconfiguration over HTTP: Thunderbird's
 * {@code /.well-known/autoconfig/mail/config-v1.1.xml} (and {@code /mail/config-v1.1.xml}
 * on an {@code autoconfig.} host) and Outlook's {@code /autodiscover/autodiscover.xml}
 * describe the IMAP, POP3 and SMTP submission ports as clients reach them from outside,
 * so setting up an account needs only the address and the password. Open to anonymous
 * requests; answers only for local domains.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "net" })
package dev.mailroom.autoconfig;
