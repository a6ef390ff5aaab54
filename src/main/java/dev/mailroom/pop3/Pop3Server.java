package dev.mailroom.pop3;

import java.util.Locale;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.FolderSnapshots;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.net.ListenerSettings;
import dev.mailroom.net.Listeners;
import dev.mailroom.net.ServerIdentity;
import dev.mailroom.net.TlsProvider;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the POP3 listeners with the application and stops them gracefully: no new
 * connections, a RETR or QUIT in progress may finish within {@code stop-grace}, then
 * every session closes without entering the UPDATE state (nothing is deleted).
 */
@Component
class Pop3Server implements SmartLifecycle {

	private final Pop3Properties properties;

	private final Pop3Services services;

	private final Listeners<Listener> listeners;

	Pop3Server(Pop3Properties properties, TlsProvider tls, ServerIdentity identity, Authenticator authenticator,
			FolderSnapshots snapshots, MessageStore store, MessageService messages) {
		this.properties = properties;
		this.listeners = new Listeners<>(tls);
		this.services = new Pop3Services(properties, identity.hostname(), authenticator, snapshots, store, messages);
	}

	@Override
	public void start() {
		start(Listener.POP3, this.properties.port());
		start(Listener.POP3S, this.properties.pop3sPort());
	}

	private void start(Listener listener, int port) {
		if (port < 0) {
			return; // turned off
		}
		ListenerSettings settings = new ListenerSettings(listener.name().toLowerCase(Locale.ROOT),
				this.properties.bindAddress(), port, listener.implicitTls(), this.properties.maxConnections(),
				this.properties.maxConnectionsPerClient(), this.properties.idleTimeout(),
				Pop3Properties.MAX_COMMAND_LINE, this.properties.stopGrace());
		this.listeners.start(listener, settings, new Pop3SessionHandler(this.services));
	}

	@Override
	public void stop() {
		this.listeners.stop();
	}

	@Override
	public boolean isRunning() {
		return this.listeners.isRunning();
	}

	/** The bound port of a listener, or -1 when it is off. */
	int port(Listener listener) {
		return this.listeners.port(listener);
	}

	/** Sessions open on all listeners. */
	int activeConnections() {
		return this.listeners.activeConnections();
	}

}
