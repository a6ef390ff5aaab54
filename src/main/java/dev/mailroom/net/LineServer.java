package dev.mailroom.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener that runs a {@link SessionHandler} per connection, on a thread of its
 * own (virtual on Java 21 and later). Not restartable: after {@link #stop()} create a new
 * one.
 */
public final class LineServer {

	private static final Logger log = LoggerFactory.getLogger(LineServer.class);

	private static final int BACKLOG = 1024;

	private static final Duration MAX_REFUSAL_TIME = Duration.ofSeconds(10);

	private static final Duration AFTER_GRACE = Duration.ofSeconds(2);

	private final ListenerSettings settings;

	private final SessionHandler handler;

	private final TlsProvider tls;

	private final Executor executor;

	private final Object lock = new Object();

	private final Set<Connection> connections = new HashSet<>();

	private final Map<InetAddress, Integer> perClient = new HashMap<>();

	private ServerSocket serverSocket;

	private Thread acceptor;

	private volatile boolean running;

	private volatile boolean stopping;

	/**
	 * @param settings the port, limits and timeouts
	 * @param handler the protocol
	 * @param tls the certificate for STARTTLS and implicit TLS; may be {@code null} for a
	 * listener without TLS
	 */
	public LineServer(ListenerSettings settings, SessionHandler handler, TlsProvider tls) {
		this(settings, handler, tls, SessionThreads.forListener(settings.name()));
	}

	LineServer(ListenerSettings settings, SessionHandler handler, TlsProvider tls, Executor executor) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.handler = Objects.requireNonNull(handler, "handler");
		this.tls = tls;
		this.executor = executor;
		if (settings.implicitTls() && tls == null) {
			throw new IllegalArgumentException("Listener " + settings.name() + " needs TLS but has no TlsProvider");
		}
	}

	/**
	 * Binds and starts accepting.
	 * @throws IOException when the address cannot be bound
	 */
	public void start() throws IOException {
		synchronized (this.lock) {
			if (this.serverSocket != null) {
				throw new IllegalStateException("Listener " + this.settings.name() + " was already started");
			}
			ServerSocket socket = new ServerSocket();
			try {
				socket.setReuseAddress(true);
				socket.bind(
						new InetSocketAddress(InetAddress.getByName(this.settings.bindAddress()), this.settings.port()),
						BACKLOG);
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
			this.serverSocket = socket;
			this.running = true;
			this.acceptor = new Thread(this::acceptLoop, this.settings.name() + "-accept");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}
		log.info("{} listening on {}:{}{}", this.settings.name(), this.settings.bindAddress(), port(),
				this.settings.implicitTls() ? " (TLS)" : "");
	}

	/**
	 * The bound port.
	 * @return the port, or -1 before {@link #start()}
	 */
	public int port() {
		synchronized (this.lock) {
			return (this.serverSocket != null) ? this.serverSocket.getLocalPort() : -1;
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	public int activeConnections() {
		synchronized (this.lock) {
			return this.connections.size();
		}
	}

	/**
	 * Stops gracefully: stops accepting, marks every connection as stopping, closes the
	 * ones that are not busy at once, lets busy ones finish within the stop grace, then
	 * closes the rest. Returns when every session ended or the grace passed.
	 */
	public void stop() {
		ServerSocket socket;
		Thread accepting;
		synchronized (this.lock) {
			if (this.serverSocket == null || this.stopping) {
				return;
			}
			this.stopping = true;
			this.running = false;
			socket = this.serverSocket;
			accepting = this.acceptor;
		}
		closeQuietly(socket);
		try {
			accepting.join(AFTER_GRACE.toMillis());
			for (Connection connection : snapshot()) {
				if (!connection.isBusy()) {
					connection.abort();
				}
			}
			if (!awaitSessions(this.settings.stopGrace())) {
				List<Connection> remaining = snapshot();
				log.info("{}: closing {} sessions still busy after {}", this.settings.name(), remaining.size(),
						this.settings.stopGrace());
				remaining.forEach(Connection::abort);
				awaitSessions(AFTER_GRACE);
			}
		}
		catch (InterruptedException ex) {
			snapshot().forEach(Connection::abort);
			Thread.currentThread().interrupt();
		}
		log.info("{} stopped", this.settings.name());
	}

	private List<Connection> snapshot() {
		synchronized (this.lock) {
			return new ArrayList<>(this.connections);
		}
	}

	private boolean awaitSessions(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (!this.connections.isEmpty()) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return false;
				}
				this.lock.wait(remaining);
			}
			return true;
		}
	}

	private void acceptLoop() {
		while (!this.stopping) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				if (this.stopping || this.serverSocket.isClosed()) {
					return;
				}
				// E.g. out of file descriptors: back off instead of spinning.
				log.warn("{}: accepting failed: {}", this.settings.name(), ex.toString());
				sleepQuietly();
				continue;
			}
			dispatch(socket);
		}
	}

	private void dispatch(Socket socket) {
		InetAddress client = socket.getInetAddress();
		Connection connection;
		try {
			socket.setTcpNoDelay(true);
			connection = new Connection(socket, this.settings, this.tls, this::isStopping);
		}
		catch (IOException ex) {
			log.debug("{}: dropped a connection from {}: {}", this.settings.name(), client, ex.toString());
			closeQuietly(socket);
			return;
		}
		Refusal refusal = admit(connection, client);
		try {
			if (refusal == null) {
				this.executor.execute(() -> session(connection, client));
			}
			else {
				this.executor.execute(() -> refuse(connection, refusal));
			}
		}
		catch (RuntimeException ex) {
			log.warn("{}: cannot start a session for {}: {}", this.settings.name(), client, ex.toString());
			connection.abort();
			if (refusal == null) {
				release(connection, client);
			}
		}
	}

	private Refusal admit(Connection connection, InetAddress client) {
		synchronized (this.lock) {
			if (this.stopping) {
				return Refusal.SHUTTING_DOWN;
			}
			if (this.connections.size() >= this.settings.maxConnections()) {
				return Refusal.TOO_MANY_CONNECTIONS;
			}
			if (this.perClient.getOrDefault(client, 0) >= this.settings.maxConnectionsPerClient()) {
				return Refusal.TOO_MANY_FROM_CLIENT;
			}
			this.connections.add(connection);
			this.perClient.merge(client, 1, Integer::sum);
			return null;
		}
	}

	private void release(Connection connection, InetAddress client) {
		synchronized (this.lock) {
			if (this.connections.remove(connection)) {
				this.perClient.computeIfPresent(client, (key, count) -> (count > 1) ? count - 1 : null);
			}
			this.lock.notifyAll();
		}
	}

	private void session(Connection connection, InetAddress client) {
		try {
			if (this.settings.implicitTls()) {
				connection.startImplicitTls();
			}
			log.debug("{}: session started", connection);
			this.handler.serve(connection);
			log.debug("{}: session ended", connection);
		}
		catch (IOException ex) {
			log.debug("{}: session ended: {}", connection, ex.toString());
		}
		catch (RuntimeException ex) {
			log.warn("{}: session failed", connection, ex);
		}
		finally {
			connection.close();
			release(connection, client);
		}
	}

	private void refuse(Connection connection, Refusal refusal) {
		log.debug("{}: refused: {}", connection, refusal);
		try {
			if (this.settings.idleTimeout().compareTo(MAX_REFUSAL_TIME) > 0) {
				connection.setIdleTimeout(MAX_REFUSAL_TIME);
			}
			if (this.settings.implicitTls()) {
				connection.startImplicitTls();
			}
			this.handler.refuse(connection, refusal);
			connection.flush();
		}
		catch (IOException ex) {
			log.debug("{}: refusal not delivered: {}", connection, ex.toString());
		}
		catch (RuntimeException ex) {
			log.warn("{}: refusal failed", connection, ex);
		}
		finally {
			connection.close();
		}
	}

	private boolean isStopping() {
		return this.stopping;
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Nothing left to release
		}
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
