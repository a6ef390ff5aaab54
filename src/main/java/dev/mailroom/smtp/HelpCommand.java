package dev.mailroom.smtp;

import java.io.IOException;

/** HELP (RFC 5321 4.1.1.8). */
final class HelpCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "HELP";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		session.replyLines(214, "2.0.0 Mailroom SMTP. Commands:",
				"2.0.0 EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH", "2.0.0 See RFC 5321");
	}

}
