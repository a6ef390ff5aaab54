package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * PASS (RFC 1939 section 7), right after a successful USER. The password is the rest of
 * the line, spaces included.
 */
final class PassCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "PASS";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		String user = session.pendingUser;
		session.pendingUser = null;
		if (!session.authAvailable()) {
			session.err("[AUTH] Plain-text login disallowed without TLS; use STLS first");
			return;
		}
		if (user == null) {
			session.badCommand("Send USER first");
			return;
		}
		if (argument.isEmpty()) {
			session.badCommand("Syntax: PASS password");
			return;
		}
		session.login(user, argument);
	}

}
