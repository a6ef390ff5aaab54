package dev.mailroom.net;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One client connection: buffered line and byte I/O over a socket that can switch to TLS.
 */
public final class Connection implements Closeable {

	/**
	 * The most bytes {@link #unread} takes back: a reader reading blocks of this size is
	 * safe.
	 */
	public static final int MAX_UNREAD = LineInput.BUFFER_SIZE;

	private static final byte[] CRLF = { '\r', '\n' };

	private final Socket rawSocket;

	private final String listenerName;

	private final TlsProvider tls;

	private final BooleanSupplier stopping;

	private final InetSocketAddress remoteAddress;

	private final InetSocketAddress localAddress;

	private final LineInput input;

	private final LineOutput output;

	private volatile SSLSocket tlsSocket;

	private volatile boolean busy;

	private volatile boolean closed;

	Connection(Socket socket, ListenerSettings settings, TlsProvider tls, BooleanSupplier stopping) throws IOException {
		this.rawSocket = socket;
		this.listenerName = settings.name();
		this.tls = tls;
		this.stopping = stopping;
		this.remoteAddress = (InetSocketAddress) socket.getRemoteSocketAddress();
		this.localAddress = (InetSocketAddress) socket.getLocalSocketAddress();
		socket.setSoTimeout(timeoutMillis(settings.idleTimeout()));
		this.input = new LineInput(socket.getInputStream(), settings.maxLineLength());
		this.output = new LineOutput(socket.getOutputStream());
	}

	public InetSocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	public String listenerName() {
		return this.listenerName;
	}

	public boolean isTls() {
		return this.tlsSocket != null;
	}

	/**
	 * The negotiated TLS protocol.
	 * @return e.g. {@code TLSv1.3}, or {@code null} when plain
	 */
	public String tlsProtocol() {
		SSLSession session = tlsSession();
		return (session != null) ? session.getProtocol() : null;
	}

	/**
	 * The negotiated cipher suite.
	 * @return the suite name, or {@code null} when plain
	 */
	public String tlsCipherSuite() {
		SSLSession session = tlsSession();
		return (session != null) ? session.getCipherSuite() : null;
	}

	private SSLSession tlsSession() {
		SSLSocket socket = this.tlsSocket;
		return (socket != null) ? socket.getSession() : null;
	}

	/**
	 * One line without its terminator. Lines end with CRLF; a bare LF is also accepted as
	 * an end (command lines from sloppy clients), a lone CR stays part of the line. Bytes
	 * are decoded as UTF-8, malformed bytes replaced.
	 * @return the line, or {@code null} at the end of the stream
	 * @throws LineTooLongException when the line exceeds the listener's
	 * {@code maxLineLength} bytes, after reading and discarding the rest of it
	 * @throws java.net.SocketTimeoutException after the idle timeout
	 * @throws IOException when the connection fails
	 */
	public String readLine() throws IOException {
		return this.input.readLine();
	}

	/**
	 * The buffered input stream {@link #readLine()} uses, for raw bytes after a command
	 * (SMTP DATA and BDAT, IMAP literals). Reading from it and {@code readLine()} can be
	 * mixed freely.
	 * @return the input stream
	 */
	public InputStream input() {
		return this.input;
	}

	/**
	 * Puts back bytes read from {@link #input()} past the end of what the reader wanted
	 * (a DATA reader that reads in blocks hands back the pipelined commands after the end
	 * of the data).
	 * @param bytes the bytes, in the order they were read
	 * @param offset where they start
	 * @param length how many; at most {@link #MAX_UNREAD}
	 */
	public void unread(byte[] bytes, int offset, int length) {
		this.input.unread(bytes, offset, length);
	}

	/**
	 * Buffered output; nothing is sent before {@link #flush()}.
	 * @return the output stream
	 */
	public OutputStream output() {
		return this.output;
	}

	/**
	 * Appends text and CRLF (UTF-8) to the output buffer; does not flush.
	 * @param line the line without terminator
	 * @throws IOException when the connection fails
	 */
	public void writeLine(String line) throws IOException {
		this.output.write(line.getBytes(StandardCharsets.UTF_8));
		this.output.write(CRLF);
	}

	public void flush() throws IOException {
		this.output.flush();
	}

	/**
	 * Switches to TLS (server mode) after the protocol said "go ahead". First discards
	 * every byte the client sent after the STARTTLS command line that is already buffered
	 * or readable without blocking (plaintext command injection, CVE-2011-0411), then
	 * handshakes and replaces the streams.
	 * @throws IOException when TLS is not available, already on, or the handshake fails
	 */
	public void startTls() throws IOException {
		if (this.tls == null) {
			throw new IOException("TLS is not available on listener " + this.listenerName);
		}
		if (isTls()) {
			throw new IOException("TLS is already active");
		}
		this.output.flush();
		byte[] clientHello = this.input.discardPending();
		InputStream consumed = (clientHello != null) ? new ByteArrayInputStream(clientHello) : null;
		SSLSocket socket = this.tls.handshake(this.rawSocket, consumed);
		this.input.switchTo(socket.getInputStream());
		this.output.switchTo(socket.getOutputStream());
		this.tlsSocket = socket;
	}

	/** Handshakes an implicit TLS connection before the session starts. */
	void startImplicitTls() throws IOException {
		SSLSocket socket = this.tls.handshake(this.rawSocket, null);
		this.input.switchTo(socket.getInputStream());
		this.output.switchTo(socket.getOutputStream());
		this.tlsSocket = socket;
	}

	/**
	 * Changes the read timeout, e.g. longer while receiving DATA.
	 * @param timeout the new timeout
	 * @throws IOException when the socket is closed
	 */
	public void setIdleTimeout(Duration timeout) throws IOException {
		Socket socket = this.tlsSocket;
		((socket != null) ? socket : this.rawSocket).setSoTimeout(timeoutMillis(timeout));
	}

	/**
	 * Marks the session as in the middle of a transaction (e.g. SMTP DATA); a graceful
	 * stop lets busy sessions finish, within the listener's stop grace.
	 * @param busy whether a transaction is in progress
	 */
	public void setBusy(boolean busy) {
		this.busy = busy;
	}

	boolean isBusy() {
		return this.busy;
	}

	/**
	 * Whether the server is stopping; a handler checks it between commands and says
	 * goodbye (SMTP "421 4.3.2 shutting down").
	 * @return {@code true} once the server is stopping
	 */
	public boolean isStopping() {
		return this.stopping.getAsBoolean();
	}

	/** Closes the connection; closing again does nothing. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			SSLSocket socket = this.tlsSocket;
			if (socket != null) {
				socket.close();
			}
		}
		catch (IOException | RuntimeException ex) {
			// Closing anyway below
		}
		finally {
			abort();
		}
	}

	/** Closes the socket at once, from any thread, unblocking a pending read. */
	void abort() {
		this.closed = true;
		try {
			this.rawSocket.close();
		}
		catch (IOException ex) {
			// Nothing left to release
		}
	}

	private static int timeoutMillis(Duration timeout) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
	}

	@Override
	public String toString() {
		return this.listenerName + " " + this.remoteAddress;
	}

}
