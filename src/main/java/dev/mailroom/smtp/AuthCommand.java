package dev.mailroom.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import dev.mailroom.account.LoginThrottledException;
import dev.mailroom.account.UserAccount;

/**
 * AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, offered only over TLS
 * unless {@code mailroom.smtp.allow-plain-auth} is set. Failures are answered after a
 * pause.
 */
final class AuthCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "AUTH";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (!session.extended) {
			session.badCommand(Reply.of(503, "5.5.1", "Send EHLO first"));
			return;
		}
		if (session.user != null) {
			session.badCommand(Reply.of(503, "5.5.1", "Already authenticated"));
			return;
		}
		if (session.transaction != null) {
			session.badCommand(Reply.of(503, "5.5.1", "AUTH not allowed during a mail transaction"));
			return;
		}
		if (!session.authAvailable()) {
			session.reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
			return;
		}
		String[] parts = argument.trim().split(" ", 2);
		String mechanism = parts[0].toUpperCase(Locale.ROOT);
		String initial = (parts.length > 1) ? parts[1] : null;
		Credentials credentials;
		switch (mechanism) {
			case "PLAIN" -> credentials = plain(session, initial);
			case "LOGIN" -> credentials = login(session, initial);
			default -> {
				session.badCommand(Reply.of(504, "5.5.4", "Unrecognized authentication type"));
				return;
			}
		}
		if (credentials == null) {
			return;
		}
		Optional<UserAccount> user;
		try {
			user = session.services.authenticator()
				.authenticate(credentials.username(), credentials.password(),
						session.connection.remoteAddress().getAddress().getHostAddress());
		}
		catch (LoginThrottledException ex) {
			session.badCommand(Reply.of(454, "4.7.0", "Too many failed logins; try again later"));
			return;
		}
		if (user.isEmpty()) {
			pause(session);
			session.badCommand(Reply.of(535, "5.7.8", "Authentication credentials invalid"));
			return;
		}
		session.user = user.get();
		session.reply(235, "2.7.0", "Authentication successful");
	}

	private record Credentials(String username, String password) {
	}

	/**
	 * RFC 4616: [authzid] NUL authcid NUL passwd; we act only as the user who logged in.
	 */
	private static Credentials plain(SmtpSession session, String initial) throws IOException {
		String response = initial;
		if (response == null) {
			session.reply(334, "", "");
			response = readResponse(session);
			if (response == null) {
				return null;
			}
		}
		byte[] decoded = decode(session, response);
		if (decoded == null) {
			return null;
		}
		String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\u0000", -1);
		if (fields.length != 3 || (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1]))) {
			session.badCommand(Reply.of(501, "5.5.2", "Malformed PLAIN response"));
			return null;
		}
		return new Credentials(fields[1], fields[2]);
	}

	private static Credentials login(SmtpSession session, String initial) throws IOException {
		String username = initial;
		if (username == null) {
			session.reply(334, "", base64("Username:"));
			username = readResponse(session);
			if (username == null) {
				return null;
			}
		}
		byte[] user = decode(session, username);
		if (user == null) {
			return null;
		}
		session.reply(334, "", base64("Password:"));
		String password = readResponse(session);
		if (password == null) {
			return null;
		}
		byte[] pass = decode(session, password);
		if (pass == null) {
			return null;
		}
		return new Credentials(new String(user, StandardCharsets.UTF_8), new String(pass, StandardCharsets.UTF_8));
	}

	/**
	 * The client's next line, or null (with the reply written) when it cancelled with
	 * "*".
	 */
	private static String readResponse(SmtpSession session) throws IOException {
		String line = session.readContinuation();
		if (line == null) {
			throw new java.io.EOFException("Connection closed during AUTH");
		}
		if (line.equals("*")) {
			session.reply(501, "5.0.0", "Authentication cancelled");
			return null;
		}
		return line;
	}

	private static byte[] decode(SmtpSession session, String text) throws IOException {
		byte[] decoded = SmtpSession.decodeBase64(text);
		if (decoded == null) {
			session.badCommand(Reply.of(501, "5.5.2", "Cannot decode base64 response"));
		}
		return decoded;
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static void pause(SmtpSession session) {
		try {
			Thread.sleep(session.properties().authFailureDelay().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
