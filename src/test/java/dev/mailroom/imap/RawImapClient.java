package dev.mailroom.imap;

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

/** A byte-exact IMAP client for scripted sessions and protocol edges. */
final class RawImapClient implements Closeable {

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private int tags;

	private RawImapClient(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(15_000);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	static RawImapClient connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		return new RawImapClient(socket);
	}

	static RawImapClient connectTls(int port, X509Certificate trusted) throws Exception {
		SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory().createSocket("127.0.0.1", port);
		socket.startHandshake();
		RawImapClient client = new RawImapClient(socket);
		client.line();
		return client;
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

	void startTls(X509Certificate trusted) throws Exception {
		SSLSocket tls = (SSLSocket) trusting(trusted).getSocketFactory()
			.createSocket(this.socket, "127.0.0.1", this.socket.getPort(), true);
		tls.startHandshake();
		this.socket = tls;
		this.in = tls.getInputStream();
		this.out = tls.getOutputStream();
	}

	/**
	 * Sends a command with the next tag and returns everything up to its tagged answer.
	 */
	String command(String command) throws IOException {
		String tag = "t" + (++this.tags);
		write(tag + " " + command + "\r\n");
		return new String(until(tag), StandardCharsets.UTF_8);
	}

	/** As {@link #command}, as bytes (literals exactly as sent). */
	byte[] commandBytes(String command) throws IOException {
		String tag = "t" + (++this.tags);
		write(tag + " " + command + "\r\n");
		return until(tag);
	}

	/** Reads response lines (literals included) until the line tagged {@code tag}. */
	byte[] until(String tag) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		while (true) {
			byte[] line = rawLine();
			if (line == null) {
				return all.toByteArray();
			}
			all.write(line);
			String text = new String(line, StandardCharsets.UTF_8);
			if (text.startsWith(tag + " ")) {
				return all.toByteArray();
			}
		}
	}

	/** One line; a literal announced at its end is read with it, and the line after. */
	private byte[] rawLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (true) {
			int b = this.in.read();
			if (b < 0) {
				return (line.size() > 0) ? line.toByteArray() : null;
			}
			line.write(b);
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				int open = text.lastIndexOf('{');
				if (text.endsWith("}\r\n") && open >= 0) {
					int size = Integer.parseInt(text.substring(open + 1, text.length() - 3));
					line.write(this.in.readNBytes(size));
					continue;
				}
				return line.toByteArray();
			}
		}
	}

	/** One response line without its CRLF. */
	String line() throws IOException {
		byte[] line = rawLine();
		if (line == null) {
			return null;
		}
		String text = new String(line, StandardCharsets.UTF_8);
		return text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
	}

	void write(String raw) throws IOException {
		write(raw.getBytes(StandardCharsets.UTF_8));
	}

	void write(byte[] raw) throws IOException {
		this.out.write(raw);
		this.out.flush();
	}

	String nextTag() {
		return "t" + (++this.tags);
	}

	boolean isClosedByServer() {
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
