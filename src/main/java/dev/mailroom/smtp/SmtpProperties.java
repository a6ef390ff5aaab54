package dev.mailroom.smtp;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * SMTP server settings. A port of -1 turns that listener off; 0 picks a free port
 * (tests).
 *
 * @param port the MX listener other servers deliver to (25 in production)
 * @param submissionPort mail clients submit here with STARTTLS and AUTH (587)
 * @param smtpsPort submission with implicit TLS (465, RFC 8314)
 * @param maxMessageSize larger messages are refused (SIZE at MAIL, or 552 after the data)
 * @param maxRecipients recipients per message; more get 452
 * @param allowPlainAuth allow AUTH without TLS (only for testing on loopback)
 * @param idleTimeout how long to wait for a command (RFC 5321 4.5.3.2.7: at least 5
 * minutes)
 * @param dataTimeout how long to wait for more message data (RFC 5321 4.5.3.2.6)
 * @param maxBadCommands a session with more unknown, malformed or out-of-sequence
 * commands is closed
 * @param authFailureDelay pause after a failed AUTH, to slow password guessing
 * @param spoolThreshold message data beyond this is spooled to disk instead of heap
 * @param spoolDir where spooled message data waits until it is stored
 */
@ConfigurationProperties("mailroom.smtp")
record SmtpProperties(@DefaultValue("2525") int port, @DefaultValue("2587") int submissionPort,
		@DefaultValue("2465") int smtpsPort, @DefaultValue("0.0.0.0") String bindAddress,
		@DefaultValue("25MB") DataSize maxMessageSize, @DefaultValue("100") int maxRecipients,
		@DefaultValue("false") boolean allowPlainAuth, @DefaultValue("500") int maxConnections,
		@DefaultValue("20") int maxConnectionsPerClient, @DefaultValue("5m") Duration idleTimeout,
		@DefaultValue("10m") Duration dataTimeout, @DefaultValue("10") int maxBadCommands,
		@DefaultValue("30s") Duration stopGrace, @DefaultValue("1s") Duration authFailureDelay,
		@DefaultValue("256KB") DataSize spoolThreshold, @DefaultValue("./data/spool") Path spoolDir) {

	/**
	 * Longest command line; AUTH lines may be up to 12288 octets (RFC 4954 section 4).
	 */
	static final int MAX_COMMAND_LINE = 12288;

}
