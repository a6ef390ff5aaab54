package dev.mailroom.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The socket under the byte-exact test clients of the line protocols (SMTP, POP3, IMAP):
 * plain or implicit TLS connections to 127.0.0.1, STARTTLS-style upgrades, raw writes and
 * CRLF lines. Each protocol's client adds how its replies end.
 */
public abstract class RawLineClient implements Closeable {

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	protected RawLineClient(Socket socket) throws IOException {
		use(socket);
	}

	/** A plain connection to a port on 127.0.0.1. */
	protected static Socket plain(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return socket;
	}

	/** A connection with implicit TLS, trusting only the given certificate. */
	protected static Socket tls(int port, X509Certificate trusted) throws Exception {
		SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory().createSocket("127.0.0.1", port);
		socket.startHandshake();
		return socket;
	}

	public static SSLContext trusting(X509Certificate certificate) throws Exception {
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		trustStore.load(null, null);
		trustStore.setCertificateEntry("mailroom", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private void use(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(15_000);
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Upgrades to TLS after the server agreed (SMTP STARTTLS, POP3 STLS, IMAP STARTTLS).
	 * Whatever the server sent before the handshake and the client has not read is lost,
	 * as it is for a real client.
	 */
	public void startTls(X509Certificate trusted) throws Exception {
		SSLSocket tls = (SSLSocket) trusting(trusted).getSocketFactory()
			.createSocket(this.socket, "127.0.0.1", this.socket.getPort(), true);
		tls.startHandshake();
		use(tls);
	}

	/** Sends bytes exactly as given. */
	public void write(String raw) throws IOException {
		write(raw.getBytes(StandardCharsets.UTF_8));
	}

	public void write(byte[] raw) throws IOException {
		this.out.write(raw);
		this.out.flush();
	}

	/** One line without its CRLF (or bare LF), or null at the end of the stream. */
	public String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) >= 0) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
	}

	/** The server's bytes, for protocols that read more than lines. */
	protected InputStream in() {
		return this.in;
	}

	/** True when the server closed the connection. */
	public boolean isClosedByServer() {
		try {
			return this.in.read() < 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
