package dev.mailroom.imap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * IMAP server settings. A port of -1 turns that listener off; 0 picks a free port
 * (tests).
 *
 * @param port the IMAP listener, STARTTLS available (143 in production)
 * @param imapsPort IMAP with implicit TLS (993, RFC 8314)
 * @param allowPlainAuth allow LOGIN and AUTHENTICATE without TLS (testing only); without
 * it LOGINDISABLED is advertised before STARTTLS
 * @param maxLiteralSize largest literal, and so the largest message APPEND takes
 * @param maxLineLength longest line of a command (between literals)
 * @param idleTimeout how long a session may wait for the client, IDLE included (RFC 3501
 * 5.4: at least 30 minutes)
 * @param idlePoll how often an idling session looks for changes no event announced
 * (another Mailroom instance on the same database)
 * @param maxBadCommands a session with more malformed commands in a row is closed
 * @param authFailureDelay pause after a failed login, to slow password guessing
 */
@ConfigurationProperties("mailroom.imap")
record ImapProperties(@DefaultValue("1143") int port, @DefaultValue("1993") int imapsPort,
		@DefaultValue("0.0.0.0") String bindAddress, @DefaultValue("false") boolean allowPlainAuth,
		@DefaultValue("25MB") DataSize maxLiteralSize, @DefaultValue("65536") int maxLineLength,
		@DefaultValue("500") int maxConnections, @DefaultValue("20") int maxConnectionsPerClient,
		@DefaultValue("30m") Duration idleTimeout, @DefaultValue("30s") Duration idlePoll,
		@DefaultValue("20") int maxBadCommands, @DefaultValue("10s") Duration stopGrace,
		@DefaultValue("1s") Duration authFailureDelay) {

	/**
	 * Largest literal before login: a password, never a message, so an anonymous client
	 * cannot make the server hold megabytes.
	 */
	static final int MAX_ANONYMOUS_LITERAL = 8192;

}
