package dev.mailroom.pop3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * AUTH (RFC 5034) with the PLAIN mechanism (RFC 4616), with an initial response on the
 * command line or after a "+ " continuation. Offered only over TLS unless plain-text
 * logins are allowed. AUTH without a mechanism lists the mechanisms, as the older RFC
 * 1734 clients (Outlook among them) expect.
 */
final class AuthCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "AUTH";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		session.pendingUser = null;
		String[] parts = argument.strip().split(" +", 2);
		String mechanism = parts[0].toUpperCase(Locale.ROOT);
		if (mechanism.isEmpty()) {
			session.ok("Mechanisms follow");
			if (session.authAvailable()) {
				session.line("PLAIN");
			}
			session.end();
			return;
		}
		if (!mechanism.equals("PLAIN")) {
			session.badCommand("Unsupported authentication mechanism");
			return;
		}
		if (!session.authAvailable()) {
			session.err("[AUTH] Plain-text login disallowed without TLS; use STLS first");
			return;
		}
		String response = (parts.length > 1) ? parts[1] : null;
		if (response == null) {
			// RFC 5034 section 4: an empty server challenge is "+ ".
			session.connection.writeLine("+ ");
			response = session.readContinuation();
			if (response.equals("*")) {
				session.err("Authentication cancelled");
				return;
			}
		}
		// "=" is an empty initial response (RFC 5034 section 4), which PLAIN cannot be.
		byte[] decoded = response.equals("=") ? new byte[0] : Pop3Session.decodeBase64(response);
		if (decoded == null) {
			session.badCommand("Invalid base64 in AUTH response");
			return;
		}
		// [authzid] NUL authcid NUL passwd; we act only as the user who logs in.
		String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\u0000", -1);
		if (fields.length != 3 || fields[1].isEmpty()
				|| (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1]))) {
			session.badCommand("[AUTH] Malformed PLAIN response");
			return;
		}
		session.login(fields[1], fields[2]);
	}

}
