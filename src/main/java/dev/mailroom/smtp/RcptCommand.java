package dev.mailroom.smtp;

import java.io.IOException;

/**
 * RCPT TO (RFC 5321 4.1.1.3): local users and aliases are accepted; other domains only
 * from an authenticated sender, so Mailroom is never an open relay.
 */
final class RcptCommand implements SmtpCommand {

	@Override
	public String verb() {
		return "RCPT";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		Transaction transaction = session.transaction;
		if (transaction == null) {
			session.badCommand(Reply.of(503, "5.5.1", "Send MAIL first"));
			return;
		}
		MailPath path = parse(session, argument);
		if (path == null || path.isNull()) {
			session.badCommand(Reply.of(501, "5.5.4", "Syntax: RCPT TO:<address>"));
			return;
		}
		if (!path.parameters().isEmpty()) {
			session.reply(555, "5.5.4", "Unsupported parameter " + path.parameters().keySet().iterator().next());
			return;
		}
		if (transaction.recipients.size() >= session.properties().maxRecipients()) {
			session.reply(452, "4.5.3", "Too many recipients");
			return;
		}
		String address = path.address();
		if (session.services.accounts().isLocalDomain(path.domain())) {
			if (session.services.accounts().resolveRecipient(address).isEmpty()) {
				session.reply(550, "5.1.1", "<" + address + ">: no such user here");
				return;
			}
		}
		else if (session.user == null) {
			session.reply(550, "5.7.1", "<" + address + ">: relay access denied");
			return;
		}
		transaction.recipients.add(address);
		session.reply(250, "2.1.5", "Recipient <" + address + "> ok");
	}

	/** RFC 5321 4.5.1: "RCPT TO:<Postmaster>" without a domain must be accepted. */
	private static MailPath parse(SmtpSession session, String argument) {
		if (argument.trim().equalsIgnoreCase("TO:<Postmaster>")) {
			String firstDomain = session.services.accounts().listDomains().get(0).name();
			return new MailPath("postmaster@" + firstDomain, java.util.Map.of());
		}
		return MailPath.parse("TO", argument);
	}

}
