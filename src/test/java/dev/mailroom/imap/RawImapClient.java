package dev.mailroom.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import dev.mailroom.net.RawLineClient;

/** A byte-exact IMAP client for scripted sessions and protocol edges. */
final class RawImapClient extends RawLineClient {

	private int tags;

	private RawImapClient(Socket socket) throws IOException {
		super(socket);
	}

	static RawImapClient connect(int port) throws IOException {
		return new RawImapClient(plain(port));
	}

	static RawImapClient connectTls(int port, X509Certificate trusted) throws Exception {
		RawImapClient client = new RawImapClient(tls(port, trusted));
		client.line();
		return client;
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
			int b = in().read();
			if (b < 0) {
				return (line.size() > 0) ? line.toByteArray() : null;
			}
			line.write(b);
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				int open = text.lastIndexOf('{');
				if (text.endsWith("}\r\n") && open >= 0) {
					int size = Integer.parseInt(text.substring(open + 1, text.length() - 3));
					line.write(in().readNBytes(size));
					continue;
				}
				return line.toByteArray();
			}
		}
	}

	/** One response line without its CRLF; a literal at its end is read with it. */
	@Override
	public String line() throws IOException {
		byte[] line = rawLine();
		if (line == null) {
			return null;
		}
		String text = new String(line, StandardCharsets.UTF_8);
		return text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
	}

	String nextTag() {
		return "t" + (++this.tags);
	}

}
