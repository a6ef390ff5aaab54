package dev.mailroom.smtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * EHLO (RFC 5321 4.1.1.1): greets and lists the extensions this session can use now.
 */
final class EhloCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "EHLO";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (argument.isBlank()) {
			session.badCommand(Reply.of(501, "5.5.4", "EHLO needs a domain or address literal"));
			return;
		}
		// A new EHLO resets the transaction like RSET (RFC 5321 4.1.4).
		session.resetTransaction();
		session.heloName = argument.trim();
		session.extended = true;
		List<String> lines = new ArrayList<>();
		lines.add(session.hostname() + " Hello " + session.heloName);
		lines.add("PIPELINING");
		lines.add("SIZE " + session.properties().maxMessageSize().toBytes());
		lines.add("8BITMIME");
		lines.add("SMTPUTF8");
		lines.add("ENHANCEDSTATUSCODES");
		if (session.tlsAvailable()) {
			lines.add("STARTTLS");
		}
		if (session.authAvailable() && session.user == null) {
			lines.add("AUTH PLAIN LOGIN");
		}
		lines.add("CHUNKING");
		lines.add("HELP");
		session.replyLines(250, lines.toArray(String[]::new));
	}

}
