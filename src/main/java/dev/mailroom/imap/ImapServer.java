package dev.mailroom.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mailroom.net.LineServer;
import dev.mailroom.net.ListenerSettings;
import dev.mailroom.net.TlsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the IMAP listeners (plain with STARTTLS, and IMAPS) with the application and
 * stops them with it.
 */
@Component
class ImapServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ImapServer.class);

	private final ImapProperties properties;

	private final ImapServices services;

	private final TlsProvider tls;

	private final Map<Boolean, LineServer> running = new LinkedHashMap<>();

	ImapServer(ImapProperties properties, ImapServices services, TlsProvider tls) {
		this.properties = properties;
		this.services = services;
		this.tls = tls;
	}

	@Override
	public synchronized void start() {
		start(false, this.properties.port());
		start(true, this.properties.imapsPort());
	}

	private void start(boolean implicitTls, int port) {
		if (port < 0) {
			return;
		}
		String name = implicitTls ? "imaps" : "imap";
		ListenerSettings settings = new ListenerSettings(name, this.properties.bindAddress(), port, implicitTls,
				this.properties.maxConnections(), this.properties.maxConnectionsPerClient(),
				this.properties.idleTimeout(), this.properties.maxLineLength(), this.properties.stopGrace());
		LineServer server = new LineServer(settings, new ImapSessionHandler(this.services), this.tls);
		try {
			server.start();
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not listen for " + name + " on port " + port, ex);
		}
		this.running.put(implicitTls, server);
		log.info("IMAP{} listening on {}:{}", implicitTls ? "S" : "", this.properties.bindAddress(), server.port());
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

	/**
	 * The bound port of the plain (false) or implicit TLS (true) listener, -1 when off.
	 */
	synchronized int port(boolean implicitTls) {
		LineServer server = this.running.get(implicitTls);
		return (server != null) ? server.port() : -1;
	}

}
