package dev.mailroom.imap;

import java.io.IOException;
import java.util.List;

/**
 * Commands valid in every state: CAPABILITY, NOOP and LOGOUT (RFC 3501 6.1) and ID (RFC
 * 2971). NOOP's work, telling the client what changed, happens after every command.
 */
final class AnyStateCommands implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("CAPABILITY", "NOOP", "LOGOUT", "ID");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return true;
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		switch (request.name()) {
			case "CAPABILITY" -> {
				args.end();
				session.untagged("CAPABILITY " + session.capabilities());
				return "OK CAPABILITY completed";
			}
			case "NOOP" -> {
				args.end();
				return "OK NOOP completed";
			}
			case "LOGOUT" -> {
				args.end();
				session.untagged("BYE " + session.services.hostname + " logging out");
				session.state = ImapSession.State.LOGOUT;
				return "OK LOGOUT completed";
			}
			default -> {
				// RFC 2971: the client's parameters are only informative; read and drop
				// them.
				if (args.peekIs('(')) {
					args.expect('(');
					while (!args.accept(')')) {
						args.accept(' ');
						args.nstring();
					}
				}
				else {
					args.nstring();
				}
				args.end();
				session.untagged("ID (\"name\" \"Mailroom\" \"vendor\" \"Mailroom\")");
				return "OK ID completed";
			}
		}
	}

}
