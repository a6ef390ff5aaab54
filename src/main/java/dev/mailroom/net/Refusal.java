package dev.mailroom.net;

/** Why a listener turns a new connection away. */
public enum Refusal {

	/** The listener already has {@code maxConnections} sessions. */
	TOO_MANY_CONNECTIONS,

	/** The client's IP address already has {@code maxConnectionsPerClient} sessions. */
	TOO_MANY_FROM_CLIENT,

	/** The listener is stopping. */
	SHUTTING_DOWN

}
