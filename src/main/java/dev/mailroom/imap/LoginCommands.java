package dev.mailroom.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailroom.account.LoginThrottledException;
import dev.mailroom.account.UserAccount;

/**
 * STARTTLS, AUTHENTICATE PLAIN (with SASL-IR, RFC 4959) and LOGIN (RFC 3501 6.2).
 * Passwords are taken only over TLS unless {@code mailroom.imap.allow-plain-auth} is set
 * (LOGINDISABLED is advertised then, RFC 3501 6.2.3). Every attempt goes through the
 * shared authenticator, so failures are counted and throttled with every other protocol.
 */
final class LoginCommands implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("STARTTLS", "LOGIN", "AUTHENTICATE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return state == ImapSession.State.NOT_AUTHENTICATED;
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		return switch (request.name()) {
			case "STARTTLS" -> startTls(session, request);
			case "LOGIN" -> login(session, request);
			default -> authenticate(session, request);
		};
	}

	private String startTls(ImapSession session, Request request) throws IOException {
		request.args().end();
		if (session.tlsActive()) {
			throw ImapException.bad("TLS is already active");
		}
		session.tagged(request.tag(), "OK Begin TLS negotiation now");
		session.connection.flush();
		// Connection.startTls drops whatever the client pipelined in plain text.
		session.connection.startTls();
		return null;
	}

	private String login(ImapSession session, Request request) {
		Arguments args = request.args();
		String user = args.astring();
		args.space();
		String password = args.astring();
		args.end();
		if (!session.passwordsAllowed()) {
			throw ImapException.no("PRIVACYREQUIRED", "LOGIN needs TLS: use STARTTLS or the IMAPS port");
		}
		return authenticated(session, user, password);
	}

	private String authenticate(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		String mechanism = args.atom().toUpperCase(Locale.ROOT);
		String initial = null;
		if (!args.atEnd()) {
			args.space();
			initial = args.token("an initial response");
		}
		args.end();
		if (!mechanism.equals("PLAIN")) {
			throw ImapException.no("CANNOT", "Only AUTHENTICATE PLAIN is supported");
		}
		if (!session.passwordsAllowed()) {
			throw ImapException.no("PRIVACYREQUIRED", "Authentication needs TLS: use STARTTLS or the IMAPS port");
		}
		if (initial == null) {
			session.connection.writeLine("+ ");
			session.connection.flush();
			initial = session.connection.readLine();
			if (initial == null) {
				throw new java.io.EOFException("Connection closed during AUTHENTICATE");
			}
		}
		if (initial.equals("*")) {
			throw ImapException.bad("AUTHENTICATE cancelled");
		}
		byte[] decoded;
		try {
			decoded = initial.equals("=") ? new byte[0] : Base64.getDecoder().decode(initial.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ImapException.bad("Invalid base64 in the PLAIN response");
		}
		// RFC 4616: [authzid] NUL authcid NUL passwd; we act only as the user who logs
		// in.
		String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\u0000", -1);
		if (fields.length != 3 || (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1]))) {
			throw ImapException.bad("Malformed PLAIN response");
		}
		return authenticated(session, fields[1], fields[2]);
	}

	private String authenticated(ImapSession session, String login, String password) {
		Optional<UserAccount> account;
		try {
			account = session.services.authenticator.authenticate(login, password,
					session.connection.remoteAddress().getAddress().getHostAddress());
		}
		catch (LoginThrottledException ex) {
			throw ImapException.no("UNAVAILABLE", "Too many failed logins; try again later");
		}
		if (account.isEmpty()) {
			pause(session);
			throw ImapException.no("AUTHENTICATIONFAILED", "Authentication failed");
		}
		session.loggedIn(account.get());
		return "OK [CAPABILITY " + session.capabilities() + "] Logged in";
	}

	private static void pause(ImapSession session) {
		try {
			Thread.sleep(session.services.properties.authFailureDelay().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
