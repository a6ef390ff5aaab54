package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * LIST (RFC 1939 section 5): the size of one message, or of every message not marked as
 * deleted. Sizes are the stored octets, which are what RETR sends before dot-stuffing.
 */
final class ListCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "LIST";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		Maildrop maildrop = session.maildrop;
		if (!argument.isEmpty()) {
			int number = session.messageNumber(argument);
			if (number > 0) {
				session.ok(number + " " + maildrop.get(number).size());
			}
			return;
		}
		session.ok(maildrop.count() + " messages (" + maildrop.octets() + " octets)");
		for (int number = 1; number <= maildrop.size(); number++) {
			if (!maildrop.isDeleted(number)) {
				session.line(number + " " + maildrop.get(number).size());
			}
		}
		session.end();
	}

}
