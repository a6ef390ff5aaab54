package dev.mailroom.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import dev.mailroom.net.RawLineClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A byte-exact POP3 client for protocol edges that real clients never produce. */
final class RawPop3Client extends RawLineClient {

	private RawPop3Client(Socket socket) throws IOException {
		super(socket);
	}

	static RawPop3Client connect(int port) throws IOException {
		return new RawPop3Client(plain(port));
	}

	static RawPop3Client connectTls(int port, X509Certificate trusted) throws Exception {
		return new RawPop3Client(tls(port, trusted));
	}

	/** Sends a command line (CRLF added) and reads the first line of the response. */
	String send(String command) throws IOException {
		write(command + "\r\n");
		return line();
	}

	/**
	 * The body of a multi-line response as it travelled, up to and without the
	 * terminating ".CRLF".
	 */
	byte[] wireBody() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		boolean lineStart = true;
		while (true) {
			int b = in().read();
			if (b < 0) {
				throw new IOException("Connection closed before the terminating line");
			}
			if (lineStart && b == '.') {
				int next = in().read();
				if (next == '\r') {
					if (in().read() != '\n') {
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

}
