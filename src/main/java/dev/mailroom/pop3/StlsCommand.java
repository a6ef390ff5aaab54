package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * STLS (RFC 2595 section 4). Whatever the client pipelined after the command is discarded
 * by {@code Connection.startTls()} (plain-text command injection, CVE-2011-0411), and a
 * USER given before is forgotten.
 */
final class StlsCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "STLS";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		if (!argument.isEmpty()) {
			session.badCommand("STLS takes no arguments");
			return;
		}
		if (session.connection.isTls()) {
			session.badCommand("TLS already active");
			return;
		}
		session.ok("Begin TLS negotiation");
		session.connection.flush();
		session.connection.startTls();
		session.pendingUser = null;
	}

}
