package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * UIDL (RFC 1939 section 7): the unique id of one message, or of every message not marked
 * as deleted; see {@link Maildrop#uniqueId(int)}.
 */
final class UidlCommand implements Pop3Command {

	@Override
	public String keyword() {
		return "UIDL";
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
				session.ok(number + " " + maildrop.uniqueId(number));
			}
			return;
		}
		session.ok("Unique-id listing follows");
		for (int number = 1; number <= maildrop.size(); number++) {
			if (!maildrop.isDeleted(number)) {
				session.line(number + " " + maildrop.uniqueId(number));
			}
		}
		session.end();
	}

}
