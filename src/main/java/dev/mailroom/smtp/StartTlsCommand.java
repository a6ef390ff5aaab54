package dev.mailroom.smtp;

import java.io.IOException;

/**
 * STARTTLS (RFC 3207). Whatever the client pipelined after the command is discarded by
 * {@code Connection.startTls()} (CVE-2011-0411), and the session starts over afterwards.
 */
final class StartTlsCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "STARTTLS";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (!argument.isBlank()) {
			session.badCommand(Reply.of(501, "5.5.4", "STARTTLS takes no arguments"));
			return;
		}
		if (!session.tlsAvailable()) {
			session.badCommand(Reply.of(503, "5.5.1", "TLS already active"));
			return;
		}
		session.reply(220, "2.0.0", "Ready to start TLS");
		session.connection.flush();
		session.connection.startTls();
		session.resetAfterTls();
	}

}
