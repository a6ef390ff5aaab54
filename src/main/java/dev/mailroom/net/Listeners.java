package dev.mailroom.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The listeners of one protocol (SMTP's MX, submission and SMTPS; POP3 and POP3S; IMAP
 * and IMAPS), started and stopped together: what a protocol's {@code SmartLifecycle} does
 * with its {@link LineServer}s.
 *
 * @param <K> what names a listener of the protocol
 */
public final class Listeners<K> {

	private final TlsProvider tls;

	private final Map<K, LineServer> running = new LinkedHashMap<>();

	public Listeners(TlsProvider tls) {
		this.tls = tls;
	}

	/**
	 * Starts a listener. If it cannot listen, every listener of the group is stopped
	 * again and the failure thrown.
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public synchronized void start(K listener, ListenerSettings settings, SessionHandler handler) {
		LineServer server = new LineServer(settings, handler, this.tls);
		try {
			server.start();
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException(
					"Could not listen for " + settings.name() + " on " + settings.bindAddress() + ":" + settings.port(),
					ex);
		}
		this.running.put(listener, server);
	}

	/** Stops every listener, each gracefully (see {@link LineServer#stop()}). */
	public synchronized void stop() {
		this.running.values().forEach(LineServer::stop);
		this.running.clear();
	}

	public synchronized boolean isRunning() {
		return !this.running.isEmpty();
	}

	/** The bound port of a listener, or -1 when it is off. */
	public synchronized int port(K listener) {
		LineServer server = this.running.get(listener);
		return (server != null) ? server.port() : -1;
	}

	/** Sessions open on all the listeners. */
	public synchronized int activeConnections() {
		return this.running.values().stream().mapToInt(LineServer::activeConnections).sum();
	}

}
