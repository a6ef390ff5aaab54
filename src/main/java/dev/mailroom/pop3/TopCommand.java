package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * TOP msg n (RFC 1939 section 7): the header, the blank line and the first n lines of the
 * body. Leaves {@code \Seen} alone: clients use it to preview.
 */
final class TopCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "TOP";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		String[] parts = argument.split(" ", -1);
		if (parts.length != 2) {
			session.badCommand("Syntax: TOP message lines");
			return;
		}
		long lines = Pop3Session.count(parts[1]);
		if (lines < 0) {
			session.badCommand("Invalid line count: " + Pop3Session.printable(parts[1]));
			return;
		}
		int number = session.messageNumber(parts[0]);
		if (number > 0) {
			MessageTransfer.send(session, number, lines);
		}
	}

}
