package dev.mailroom.smtp;

import java.io.IOException;

/** RSET (RFC 5321 4.1.1.5): abandons the transaction, keeps the greeting and AUTH. */
final class RsetCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "RSET";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		session.resetTransaction();
		session.reply(Reply.OK);
	}

}
