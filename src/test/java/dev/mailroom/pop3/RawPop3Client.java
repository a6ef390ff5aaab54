package dev.mailroom.pop3;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A byte-exact POP3 client for protocol edges that real clients never produce. */
final class RawPop3Client implements Closeable {

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private RawPop3Client(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(15_000);
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	static RawPop3Client connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return new RawPop3Client(socket);
	}

	static RawPop3Client connectTls(int port, X509Certificate trusted) throws Exception {
		SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory().createSocket("127.0.0.1", port);
		socket.startHandshake();
		return new RawPop3Client(socket);
	}

	private static SSLContext trusting(X509Certificate certificate) throws Exception {
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		trustStore.load(null, null);
		trustStore.setCertificateEntry("mailroom", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	/** Upgrades to TLS after the server said "+OK" to STLS. */
	void startTls(X509Certificate trusted) throws Exception {
		SSLSocket tls = (SSLSocket) trusting(trusted).getSocketFactory()
			.createSocket(this.socket, "127.0.0.1", this.socket.getPort(), true);
		tls.startHandshake();
		this.socket = tls;
		this.in = new BufferedInputStream(tls.getInputStream());
		this.out = tls.getOutputStream();
	}

	/** Sends a command line (CRLF added) and reads the first line of the response. */
	String send(String command) throws IOException {
		write(command + "\r\n");
		return line();
	}

	/** Sends bytes exactly as given. */
	void write(String raw) throws IOException {
		this.out.write(raw.getBytes(StandardCharsets.UTF_8));
		this.out.flush();
	}

	/** One line without its CRLF, or null at the end of the stream. */
	String line() throws IOException {
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

	/**
	 * The body of a multi-line response as it travelled, up to and without the
	 * terminating ".CRLF".
	 */
	byte[] wireBody() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		boolean lineStart = true;
		while (true) {
			int b = this.in.read();
			if (b < 0) {
				throw new IOException("Connection closed before the terminating line");
			}
			if (lineStart && b == '.') {
				int next = this.in.read();
				if (next == '\r') {
					if (this.in.read() != '\n') {
						throw new IOException("Bad terminating line");
					}
					return body.toByteArray();
				}
				body.write(b);
				b = next;
			}
			body.write(b);
			lineStart = b == '\n';
		}
	}

	/** The body of a multi-line response with the stuffed dots removed. */
	byte[] body() throws IOException {
		return unstuff(wireBody());
	}

	/** The lines of a multi-line response, unstuffed. */
	List<String> lines() throws IOException {
		String text = new String(body(), StandardCharsets.UTF_8);
		if (text.isEmpty()) {
			return List.of();
		}
		return new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 2).split("\r\n", -1)));
	}

	static byte[] unstuff(byte[] wire) {
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		boolean lineStart = true;
		for (int i = 0; i < wire.length; i++) {
			if (lineStart && wire[i] == '.') {
				i++;
			}
			if (i < wire.length) {
				plain.write(wire[i]);
				lineStart = wire[i] == '\n';
			}
		}
		return plain.toByteArray();
	}

	/** True when the server closed the connection. */
	boolean isClosedByServer() throws IOException {
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
