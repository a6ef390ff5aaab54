package dev.mailroom.smtp;

import java.io.IOException;

/**
 * VRFY (RFC 5321 4.1.1.6, 3.5.3): never confirms whether a user exists, so the server
 * cannot be used to harvest addresses.
 */
final class VrfyCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "VRFY";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (argument.isBlank()) {
			session.badCommand(Reply.of(501, "5.5.4", "VRFY needs an argument"));
			return;
		}
		session.reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
	}

}
