package dev.mailroom.imap;

import java.io.IOException;
import java.util.List;

/**
 * IDLE (RFC 2177): the client waits and the server pushes changes as they happen (new
 * mail within a second of its delivery) until the client sends DONE.
 */
final class IdleCommand implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("IDLE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		request.args().end();
		session.startIdle();
		String line;
		try {
			line = session.connection.readLine();
		}
		finally {
			session.stopIdle();
		}
		if (line == null) {
			throw new java.io.EOFException("Connection closed during IDLE");
		}
		if (!line.strip().equalsIgnoreCase("DONE")) {
			throw ImapException.bad("Expected DONE");
		}
		return "OK IDLE terminated";
	}

}
