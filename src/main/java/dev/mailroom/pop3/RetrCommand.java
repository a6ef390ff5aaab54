package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RETR (RFC 1939 section 5): the message exactly as stored, dot-stuffed on the wire.
 * Marks it {@code \Seen} afterwards, as Dovecot does, so the webmail and IMAP show it as
 * read.
 */
final class RetrCommand implements Pop3Command {

	private static final Logger log = LoggerFactory.getLogger(RetrCommand.class);

	@Override
	public String keyword() {
		return "RETR";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		int number = session.messageNumber(argument);
		if (number == 0 || !MessageTransfer.send(session, number, -1)) {
			return;
		}
		try {
			session.services.messages().setSeen(session.user.id(), List.of(session.maildrop.get(number).id()), true);
		}
		catch (RuntimeException ex) {
			// The client has the message; a missing \Seen is not worth failing it for.
			log.warn("{}: could not mark message {} as seen", session.connection, session.maildrop.get(number).id(),
					ex);
		}
	}

}
