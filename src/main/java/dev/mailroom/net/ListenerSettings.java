package dev.mailroom.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one listening port.
 *
 * @param name name of the listener, used in logs and thread names
 * @param bindAddress address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (tests)
 * @param implicitTls whether connections are TLS from the first byte (SMTPS, IMAPS,
 * POP3S)
 * @param maxConnections most sessions at once; more are refused
 * @param maxConnectionsPerClient most sessions at once from one IP address
 * @param idleTimeout how long a read may wait for the client; also the implicit TLS
 * handshake timeout
 * @param maxLineLength most bytes in one line, not counting its CRLF
 * @param stopGrace how long a graceful stop waits for busy sessions
 */
public record ListenerSettings(String name, String bindAddress, int port, boolean implicitTls, int maxConnections,
		int maxConnectionsPerClient, Duration idleTimeout, int maxLineLength, Duration stopGrace) {

	public ListenerSettings {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(bindAddress, "bindAddress");
		Objects.requireNonNull(idleTimeout, "idleTimeout");
		Objects.requireNonNull(stopGrace, "stopGrace");
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0-65535: " + port);
		}
		if (maxConnections < 1 || maxConnectionsPerClient < 1 || maxLineLength < 1) {
			throw new IllegalArgumentException("limits must be positive");
		}
	}

}
