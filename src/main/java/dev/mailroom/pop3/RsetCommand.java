package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** RSET (RFC 1939 section 5): unmarks every message marked as deleted. */
final class RsetCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "RSET";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		if (!argument.isEmpty()) {
			session.badCommand("RSET takes no arguments");
			return;
		}
		session.maildrop.undeleteAll();
		session.ok("Maildrop has " + session.maildrop.count() + " messages (" + session.maildrop.octets() + " octets)");
	}

}
