package dev.mailroom.autoconfig;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What autoconfiguration tells mail clients: the host and the ports as they are reached
 * from outside, which differ from the listener ports when Docker publishes 993 for 1993.
 * A port left unset is the listener's port ({@code mailroom.imap.imaps-port} and so on),
 * or the standard port when the listener picks a free one ({@code 0}); it is left out
 * when that listener is off ({@code -1}). Set a port to {@code -1} to leave it out.
 *
 * @param host the server name clients connect to; defaults to {@code mailroom.hostname}
 * @param displayName the provider name a client shows
 * @param imapsPort IMAP with implicit TLS (993)
 * @param imapPort IMAP with STARTTLS (143)
 * @param pop3sPort POP3 with implicit TLS (995)
 * @param pop3Port POP3 with STLS (110)
 * @param smtpsPort SMTP submission with implicit TLS (465)
 * @param submissionPort SMTP submission with STARTTLS (587)
 */
@ConfigurationProperties("mailroom.autoconfig")
record AutoconfigProperties(String host, @DefaultValue("Mailroom") String displayName, Integer imapsPort,
		Integer imapPort, Integer pop3sPort, Integer pop3Port, Integer smtpsPort, Integer submissionPort) {
}
