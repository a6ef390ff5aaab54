package dev.mailroom.imap;

import java.util.concurrent.Executor;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.UidStore;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.net.ServerIdentity;

import org.springframework.stereotype.Component;

/** What every session needs, in one place. */
@Component
final class ImapServices {

	final ImapProperties properties;

	final Authenticator authenticator;

	final MailboxService mailboxes;

	final UidStore store;

	final ImapNotifier notifier;

	final String hostname;

	final MimeParser parser = new MimeParser();

	ImapServices(ImapProperties properties, Authenticator authenticator, MailboxService mailboxes, UidStore store,
			ImapNotifier notifier, ServerIdentity identity) {
		this.properties = properties;
		this.authenticator = authenticator;
		this.mailboxes = mailboxes;
		this.store = store;
		this.notifier = notifier;
		this.hostname = identity.hostname();
	}

	Executor pushes() {
		return this.notifier.pushes();
	}

}
