package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * CAPA (RFC 2449 section 5). USER and SASL are listed only where a password may be sent
 * (over TLS, or when plain-text logins are allowed), STLS only before TLS: a client that
 * sees neither knows to negotiate TLS first (RFC 2595 section 4). No APOP: it needs the
 * clear-text password on the server, and Mailroom keeps only hashes.
 */
final class CapaCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "CAPA";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION, Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		if (!argument.isEmpty()) {
			session.badCommand("CAPA takes no arguments");
			return;
		}
		boolean authorization = session.state == Pop3Session.State.AUTHORIZATION;
		session.ok("Capability list follows");
		session.line("TOP");
		session.line("UIDL");
		session.line("RESP-CODES");
		session.line("AUTH-RESP-CODE");
		session.line("PIPELINING");
		// Mailroom never removes mail on its own (RFC 2449 section 6.7).
		session.line("EXPIRE NEVER");
		if (authorization && session.authAvailable()) {
			session.line("USER");
			session.line("SASL PLAIN");
		}
		if (authorization && !session.connection.isTls()) {
			session.line("STLS");
		}
		session.line("IMPLEMENTATION Mailroom");
		session.end();
	}

}
