package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * USER (RFC 1939 section 7). Always "+OK" for any name, so it does not tell which
 * addresses exist; refused without TLS so the PASS that follows is never sent in the
 * clear.
 */
final class UserCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "USER";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		String name = argument.strip();
		if (name.isEmpty() || name.contains(" ")) {
			session.pendingUser = null;
			session.badCommand("Syntax: USER name");
			return;
		}
		if (!session.authAvailable()) {
			session.pendingUser = null;
			session.err("[AUTH] Plain-text login disallowed without TLS; use STLS first");
			return;
		}
		session.pendingUser = name;
		session.ok("Send PASS");
	}

}
