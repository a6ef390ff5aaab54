package dev.mailroom.smtp;

import java.io.IOException;

/** HELO (RFC 5321 4.1.1.1): the old greeting, without extensions. */
final class HeloCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "HELO";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (argument.isBlank()) {
			session.badCommand(Reply.of(501, "5.5.4", "HELO needs a domain"));
			return;
		}
		session.resetTransaction();
		session.heloName = argument.trim();
		session.extended = false;
		session.reply(250, "2.0.0", session.hostname());
	}

}
