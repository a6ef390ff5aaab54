package dev.mailroom.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server standing in for a host that must never be contacted, such as the
 * attacker's in a hostile message. Chromium's {@code --host-resolver-rules} map that host
 * name here, so every connection the browser opens to it, HTTP, HTTPS or a bare
 * preconnect, lands in this server and is counted. Plain HTTP requests get an empty
 * {@code 204}; anything else is closed.
 */
final class HostTrap implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger connections = new AtomicInteger();

	private final List<String> hits = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private HostTrap(ServerSocket socket) {
		this.socket = socket;
		this.acceptor = new Thread(this::accept, "host-trap-" + socket.getLocalPort());
		this.acceptor.setDaemon(true);
	}

	/** Starts a trap on a free port of 127.0.0.1. */
	static HostTrap start() {
		try {
			HostTrap trap = new HostTrap(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			trap.acceptor.start();
			return trap;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the host trap on loopback", ex);
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** Connections accepted since the last {@link #clear()}, counted as they arrive. */
	int connections() {
		return this.connections.get();
	}

	/**
	 * What came over those connections, once read: the HTTP request line, or a note that
	 * the connection carried something else (TLS, nothing).
	 */
	List<String> hits() {
		return List.copyOf(this.hits);
	}

	void clear() {
		this.connections.set(0);
		this.hits.clear();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			Socket connection;
			try {
				connection = this.socket.accept();
			}
			catch (IOException ex) {
				if (this.socket.isClosed()) {
					return;
				}
				continue;
			}
			this.connections.incrementAndGet();
			Thread worker = new Thread(() -> serve(connection), "host-trap-connection");
			worker.setDaemon(true);
			worker.start();
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			connection.setSoTimeout(2000);
			this.hits.add(answer(connection));
		}
		catch (IOException ex) {
			this.hits.add("connection broken: " + ex.getMessage());
		}
	}

	private static String answer(Socket connection) throws IOException {
		InputStream in = connection.getInputStream();
		StringBuilder line = new StringBuilder();
		int b;
		try {
			while ((b = in.read()) != -1 && b != '\n' && line.length() < 2000) {
				line.append((char) b);
			}
		}
		catch (IOException ex) {
			return "connection without a request (" + ex.getMessage() + ")";
		}
		String requestLine = line.toString().strip();
		if (!requestLine.matches("[A-Z]+ \\S+ HTTP/1\\.[01]")) {
			return "connection without an HTTP request (TLS or nothing): "
					+ requestLine.replaceAll("\\P{Print}", "?").substring(0, Math.min(requestLine.length(), 40));
		}
		OutputStream out = connection.getOutputStream();
		out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return requestLine;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing a listening socket does not fail in a way worth reporting.
		}
	}

}
