package dev.mailroom.smtp;

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

/** A byte-exact SMTP client for protocol edges that real clients never produce. */
final class RawSmtpClient implements Closeable {

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private RawSmtpClient(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(15_000);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static RawSmtpClient connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return new RawSmtpClient(socket);
	}

	static RawSmtpClient connectTls(int port, X509Certificate trusted) throws Exception {
		SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory().createSocket("127.0.0.1", port);
		socket.startHandshake();
		return new RawSmtpClient(socket);
	}

	static SSLContext trusting(X509Certificate certificate) throws Exception {
		KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
		trustStore.load(null, null);
		trustStore.setCertificateEntry("mailroom", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	/** Reads one whole reply, every line of a multi-line reply joined by "\n". */
	String reply() throws IOException {
		StringBuilder reply = new StringBuilder();
		while (true) {
			String line = line();
			if (line == null) {
				return (reply.length() == 0) ? null : reply.toString();
			}
			if (reply.length() > 0) {
				reply.append('\n');
			}
			reply.append(line);
			if (line.length() < 4 || line.charAt(3) != '-') {
				return reply.toString();
			}
		}
	}

	/** Sends a command line (CRLF added) and reads its reply. */
	String send(String command) throws IOException {
		write(command + "\r\n");
		return reply();
	}

	/** Sends bytes exactly as given. */
	void write(String raw) throws IOException {
		write(raw.getBytes(StandardCharsets.UTF_8));
	}

	void write(byte[] raw) throws IOException {
		this.out.write(raw);
		this.out.flush();
	}

	/** Upgrades to TLS after the server said 220 to STARTTLS. */
	void startTls(X509Certificate trusted) throws Exception {
		SSLSocket tls = (SSLSocket) trusting(trusted).getSocketFactory()
			.createSocket(this.socket, "127.0.0.1", this.socket.getPort(), true);
		tls.startHandshake();
		this.socket = tls;
		this.in = tls.getInputStream();
		this.out = tls.getOutputStream();
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

	private String line() throws IOException {
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

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
