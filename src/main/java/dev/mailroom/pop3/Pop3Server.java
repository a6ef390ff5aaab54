package dev.mailroom.pop3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.FolderSnapshots;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.net.LineServer;
import dev.mailroom.net.ListenerSettings;
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

	private final TlsProvider tls;

	private final Map<Listener, LineServer> running = new EnumMap<>(Listener.class);

	Pop3Server(Pop3Properties properties, TlsProvider tls, ServerIdentity identity, Authenticator authenticator,
			FolderSnapshots snapshots, MessageStore store, MessageService messages) {
		this.properties = properties;
		this.tls = tls;
		this.services = new Pop3Services(properties, identity.hostname(), authenticator, snapshots, store, messages);
	}

	@Override
	public synchronized void start() {
		start(Listener.POP3, this.properties.port());
		start(Listener.POP3S, this.properties.pop3sPort());
	}

	private void start(Listener listener, int port) {
		if (port < 0) {
			return;
		}
		ListenerSettings settings = new ListenerSettings(listener.name().toLowerCase(Locale.ROOT),
				this.properties.bindAddress(), port, listener.implicitTls(), this.properties.maxConnections(),
				this.properties.maxConnectionsPerClient(), this.properties.idleTimeout(),
				Pop3Properties.MAX_COMMAND_LINE, this.properties.stopGrace());
		LineServer server = new LineServer(settings, new Pop3SessionHandler(this.services), this.tls);
		try {
			server.start();
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not listen for " + listener + " on port " + port, ex);
		}
		this.running.put(listener, server);
	}

	@Override
	public synchronized void stop() {
		this.running.values().forEach(LineServer::stop);
		this.running.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.running.isEmpty();
	}

	/** The bound port of a listener, or -1 when it is off. */
	synchronized int port(Listener listener) {
		LineServer server = this.running.get(listener);
		return (server != null) ? server.port() : -1;
	}

	/** Sessions open on all listeners. */
	synchronized int activeConnections() {
		return this.running.values().stream().mapToInt(LineServer::activeConnections).sum();
	}

}
