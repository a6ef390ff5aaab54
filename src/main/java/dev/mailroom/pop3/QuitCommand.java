package dev.mailroom.pop3;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.mailroom.mailbox.FolderSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIT (RFC 1939 sections 6 and 7). From the TRANSACTION state it enters the UPDATE
 * state: the messages marked with DELE are expunged, like Dovecot does, rather than moved
 * to Trash. A POP3 client deletes what it has downloaded (or keeps it for "n days on the
 * server"), so a copy in Trash would only fill the quota with mail the user already has
 * and crowd the webmail's Trash with every downloaded message. Only messages still in the
 * INBOX under the UID the session saw are removed: one moved or deleted meanwhile (by the
 * webmail, IMAP or another POP3 session) is left alone.
 */
final class QuitCommand implements Pop3Command {

	private static final Logger log = LoggerFactory.getLogger(QuitCommand.class);

	@Override
	public String keyword() {
		return "QUIT";
	}

	@Override
	public Set<Pop3Session.State> states() {
		return EnumSet.of(Pop3Session.State.AUTHORIZATION, Pop3Session.State.TRANSACTION);
	}

	@Override
	public void execute(Pop3Session session, String argument) throws IOException {
		session.quit();
		if (session.state == Pop3Session.State.AUTHORIZATION) {
			session.ok(session.hostname() + " Mailroom POP3 server signing off");
			return;
		}
		session.state = Pop3Session.State.UPDATE;
		Maildrop maildrop = session.maildrop;
		List<FolderSnapshot.Entry> deleted = maildrop.deletedEntries();
		session.connection.setBusy(true);
		try {
			session.services.snapshots().expunge(session.user.id(), maildrop.folderId(), deleted);
		}
		catch (RuntimeException ex) {
			log.warn("{}: could not remove the messages deleted by {}", session.connection, session.user.email(), ex);
			session.err("[SYS/TEMP] Deleted messages were not removed; try again later");
			return;
		}
		finally {
			session.connection.setBusy(false);
		}
		int left = maildrop.count();
		session.ok(session.hostname() + " Mailroom POP3 server signing off ("
				+ ((left == 0) ? "maildrop empty" : left + " messages left") + ")");
	}

}
