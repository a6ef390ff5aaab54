package dev.mailroom.smtp;

import java.io.IOException;

/** DATA (RFC 5321 4.1.1.4): the message, ended by a line with a single dot. */
final class DataCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "DATA";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		Transaction transaction = session.transaction;
		if (!argument.isBlank()) {
			session.badCommand(Reply.of(501, "5.5.4", "DATA takes no arguments"));
			return;
		}
		if (transaction == null || transaction.chunks != null || transaction.chunksRejected) {
			session.badCommand(Reply.of(503, "5.5.1", (transaction == null) ? "Send MAIL first" : "DATA after BDAT"));
			return;
		}
		if (transaction.recipients.isEmpty()) {
			// RFC 2920 3.1: with PIPELINING the client sends DATA without
			// waiting for RCPT's answers.
			session.reply(554, "5.5.1", "No valid recipients");
			return;
		}
		session.reply(354, "", "End data with <CR><LF>.<CR><LF>");
		session.connection.flush();
		MessageSpool spool = session.newSpool();
		session.connection.setBusy(true);
		try {
			session.connection.setIdleTimeout(session.properties().dataTimeout());
			DataReader reader = new DataReader(session.connection, spool,
					session.properties().maxMessageSize().toBytes());
			DataReader.Problem problem = reader.read();
			MessageIntake.accept(session, spool, problem);
		}
		finally {
			spool.close();
			session.connection.setIdleTimeout(session.properties().idleTimeout());
			session.connection.setBusy(false);
		}
	}

}
