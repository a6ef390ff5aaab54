package dev.mailroom.smtp;

import java.io.IOException;

/** NOOP (RFC 5321 4.1.1.9). */
final class NoopCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "NOOP";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		session.reply(Reply.OK);
	}

}
