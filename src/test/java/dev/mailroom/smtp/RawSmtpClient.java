package dev.mailroom.smtp;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;

import dev.mailroom.net.RawLineClient;

/** A byte-exact SMTP client for protocol edges that real clients never produce. */
final class RawSmtpClient extends RawLineClient {

	private RawSmtpClient(Socket socket) throws IOException {
		super(socket);
	}

	static RawSmtpClient connect(int port) throws IOException {
		return new RawSmtpClient(plain(port));
	}

	static RawSmtpClient connectTls(int port, X509Certificate trusted) throws Exception {
		return new RawSmtpClient(tls(port, trusted));
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

}
