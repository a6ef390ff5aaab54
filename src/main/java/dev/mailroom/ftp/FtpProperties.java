package dev.mailroom.ftp;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FTP server settings.
 *
 * @param enabled whether the FTP server runs in this instance
 * @param port the control connection port (21 in production); 0 picks a free port
 * @param bindAddress the address to listen on; blank for every address, IPv4 and IPv6
 * @param passivePorts ports for passive data connections, e.g. {@code 30000-30009} or
 * {@code 30000,30002}; {@code 0} for any free port
 * @param passiveExternalAddress the address passive replies name, when clients reach the
 * server through NAT; blank for the control connection's local address
 * @param requireTls refuse password logins and data transfers of logged-in users before
 * AUTH TLS and PROT P
 * @param anonymous anonymous logins ({@code anonymous} or {@code ftp}, any password),
 * read-only into {@code /pub}
 * @param pubDir the directory shown as {@code /pub}
 * @param maxConnections control connections in all; more get 421
 * @param maxConnectionsPerClient control connections from one IP address; more get 421
 * @param idleTimeout a control or data connection idle this long is closed
 * @param loginFailureDelay pause after a failed login
 * @param maxLoginFailures failed logins after which the connection is closed
 */
@ConfigurationProperties("mailroom.ftp")
record FtpProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2121") int port, String bindAddress,
		@DefaultValue("30000-30009") String passivePorts, String passiveExternalAddress,
		@DefaultValue("false") boolean requireTls, @DefaultValue Anonymous anonymous,
		@DefaultValue("./data/pub") Path pubDir, @DefaultValue("100") int maxConnections,
		@DefaultValue("10") int maxConnectionsPerClient, @DefaultValue("5m") Duration idleTimeout,
		@DefaultValue("1s") Duration loginFailureDelay, @DefaultValue("3") int maxLoginFailures) {

	FtpProperties {
		if (anonymous == null) {
			anonymous = new Anonymous(false);
		}
	}

	/**
	 * @param enabled allow anonymous logins, which see only {@code /pub}
	 */
	record Anonymous(@DefaultValue("false") boolean enabled) {
	}

}
