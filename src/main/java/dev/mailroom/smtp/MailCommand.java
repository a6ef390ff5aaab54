package dev.mailroom.smtp;

import java.io.IOException;

/**
 * MAIL FROM (RFC 5321 4.1.1.2) with the SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC
 * 6531) and AUTH (RFC 4954 5) parameters.
 */
final class MailCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "MAIL";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		if (!session.greeted() || session.transaction != null) {
			session
				.badCommand((session.transaction != null) ? Reply.of(503, "5.5.1", "Sender already given; RSET first")
						: Reply.of(503, "5.5.1", "Send EHLO first"));
			return;
		}
		if (session.listener.authRequired() && session.user == null) {
			session.reply(530, "5.7.0", "Authentication required");
			return;
		}
		MailPath path = MailPath.parse("FROM", argument);
		if (path == null) {
			session.badCommand(Reply.of(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]"));
			return;
		}
		boolean smtpUtf8 = false;
		for (var parameter : path.parameters().entrySet()) {
			String value = parameter.getValue();
			switch (parameter.getKey()) {
				case "SIZE" -> {
					long declared;
					try {
						declared = Long.parseLong(value);
					}
					catch (NumberFormatException | NullPointerException ex) {
						session.badCommand(Reply.of(501, "5.5.4", "SIZE needs a number"));
						return;
					}
					if (declared > session.properties().maxMessageSize().toBytes()) {
						session.reply(552, "5.3.4", "Message size exceeds fixed limit of "
								+ session.properties().maxMessageSize().toBytes() + " bytes");
						return;
					}
				}
				case "BODY" -> {
					if (value == null || !(value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME"))) {
						session.reply(555, "5.5.4", "BODY must be 7BIT or 8BITMIME");
						return;
					}
				}
				case "SMTPUTF8" -> smtpUtf8 = true;
				case "AUTH" -> {
					// RFC 4954 5: the identity a relay vouches for; we trust
					// only our own AUTH.
				}
				default -> {
					session.reply(555, "5.5.4", "Unsupported parameter " + parameter.getKey());
					return;
				}
			}
		}
		if (session.user != null && !session.services.accounts().owns(session.user.id(), path.address())) {
			session.reply(553, "5.7.1",
					"Sender address <" + path.address() + "> is not yours, " + session.user.email());
			return;
		}
		session.transaction = new Transaction(path.address(), smtpUtf8);
		session.reply(250, "2.1.0", "Sender <" + path.address() + "> ok");
	}

}
