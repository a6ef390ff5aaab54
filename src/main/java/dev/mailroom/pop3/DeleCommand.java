package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * DELE (RFC 1939 section 5): marks a message as deleted; it is removed only when the
 * client QUITs from the TRANSACTION state (see {@link QuitCommand}).
 */
final class DeleCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "DELE";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		int number = session.messageNumber(argument);
		if (number > 0) {
			session.maildrop.delete(number);
			session.ok("Message " + number + " deleted");
		}
	}

}
