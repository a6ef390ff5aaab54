package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** STAT (RFC 1939 section 5): messages not marked as deleted and their octets. */
final class StatCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "STAT";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		if (!argument.isEmpty()) {
			session.badCommand("STAT takes no arguments");
			return;
		}
		session.ok(session.maildrop.count() + " " + session.maildrop.octets());
	}

}
