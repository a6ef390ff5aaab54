package dev.mailroom.pop3;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * POP3 server settings. A port of -1 turns that listener off; 0 picks a free port
 * (tests).
 *
 * @param port POP3 with STLS (110 in production)
 * @param pop3sPort POP3 with implicit TLS (995, RFC 8314)
 * @param bindAddress address both listeners bind to
 * @param allowPlainAuth allow USER/PASS and AUTH without TLS (only for testing on
 * loopback)
 * @param maxConnections sessions per listener; more are refused
 * @param maxConnectionsPerClient sessions per client IP address
 * @param idleTimeout how long to wait for a command (RFC 1939 section 3: at least 10
 * minutes)
 * @param maxBadCommands a session with more unknown, malformed or out-of-state commands
 * or failed logins is closed
 * @param stopGrace on shutdown, how long a RETR or QUIT in progress may finish
 * @param authFailureDelay pause after a failed login, to slow password guessing
 */
@ConfigurationProperties("mailroom.pop3")
record Pop3Properties(@DefaultValue("1110") int port, @DefaultValue("1995") int pop3sPort,
		@DefaultValue("0.0.0.0") String bindAddress, @DefaultValue("false") boolean allowPlainAuth,
		@DefaultValue("500") int maxConnections, @DefaultValue("20") int maxConnectionsPerClient,
		@DefaultValue("10m") Duration idleTimeout, @DefaultValue("10") int maxBadCommands,
		@DefaultValue("10s") Duration stopGrace, @DefaultValue("1s") Duration authFailureDelay) {

	/**
	 * Longest command line. RFC 2449 allows 255 octets, but an AUTH PLAIN response
	 * carries a base64 password that may be longer (RFC 5034 section 4 leaves it open).
	 */
	static final int MAX_COMMAND_LINE = 8192;

}
