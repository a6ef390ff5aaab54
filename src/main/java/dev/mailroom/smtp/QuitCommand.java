package dev.mailroom.smtp;

import java.io.IOException;

/** QUIT (RFC 5321 4.1.1.10). */
final class QuitCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "QUIT";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		session.resetTransaction();
		session.reply(221, "2.0.0", session.hostname() + " closing connection");
		session.quit();
	}

}
