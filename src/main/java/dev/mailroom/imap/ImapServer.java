package dev.mailroom.imap;

import dev.mailroom.net.ListenerSettings;
import dev.mailroom.net.Listeners;
import dev.mailroom.net.TlsProvider;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the IMAP listeners (plain with STARTTLS, and IMAPS) with the application and
 * stops them with it.
 */
@Component
class ImapServer implements SmartLifecycle {

	private final ImapProperties properties;

	private final ImapServices services;

	private final Listeners<Boolean> listeners;

	ImapServer(ImapProperties properties, ImapServices services, TlsProvider tls) {
		this.properties = properties;
		this.services = services;
		this.listeners = new Listeners<>(tls);
	}

	@Override
	public void start() {
		start(false, this.properties.port());
		start(true, this.properties.imapsPort());
	}

	private void start(boolean implicitTls, int port) {
		if (port < 0) {
			return; // turned off
		}
		ListenerSettings settings = new ListenerSettings(implicitTls ? "imaps" : "imap", this.properties.bindAddress(),
				port, implicitTls, this.properties.maxConnections(), this.properties.maxConnectionsPerClient(),
				this.properties.idleTimeout(), this.properties.maxLineLength(), this.properties.stopGrace());
		this.listeners.start(implicitTls, settings, new ImapSessionHandler(this.services));
	}

	@Override
	public void stop() {
		this.listeners.stop();
	}

	@Override
	public boolean isRunning() {
		return this.listeners.isRunning();
	}

	/**
	 * The bound port of the plain (false) or implicit TLS (true) listener, -1 when off.
	 */
	int port(boolean implicitTls) {
		return this.listeners.port(implicitTls);
	}

}
