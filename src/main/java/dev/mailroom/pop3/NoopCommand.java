package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** NOOP (RFC 1939 section 5). */
final class NoopCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "NOOP";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		if (!argument.isEmpty()) {
			session.badCommand("NOOP takes no arguments");
			return;
		}
		session.ok("");
	}

}
