package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.UidMessage;

/**
 * SELECT and EXAMINE (RFC 3501 6.3.1, 6.3.2, with CONDSTORE's HIGHESTMODSEQ), CHECK,
 * CLOSE and EXPUNGE (6.4), UNSELECT (RFC 3691) and UID EXPUNGE (RFC 4315).
 */
final class SelectCommands implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("SELECT", "EXAMINE", "CHECK", "CLOSE", "UNSELECT", "EXPUNGE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		switch (request.name()) {
			case "SELECT", "EXAMINE" -> {
				return select(session, request);
			}
			default -> {
			}
		}
		SelectedMailbox selected = session.selected;
		if (selected == null) {
			throw ImapException.bad(request.name() + " needs a selected mailbox");
		}
		switch (request.name()) {
			case "CHECK" -> {
				args.end();
				return "OK CHECK completed";
			}
			case "CLOSE" -> {
				args.end();
				// RFC 3501 6.4.2: removes \Deleted messages silently, unless read-only.
				if (!selected.readOnly) {
					session.services.store.expunge(session.userId(), selected.folderId, null);
				}
				session.select(null);
				return "OK CLOSE completed";
			}
			case "UNSELECT" -> {
				args.end();
				session.select(null);
				return "OK UNSELECT completed";
			}
			default -> {
				long[] only = null;
				if (request.uid()) {
					only = selected.resolve(args.sequenceSet(), true);
				}
				args.end();
				if (selected.readOnly) {
					throw ImapException.no("READ-ONLY", "The mailbox is read-only");
				}
				if (only != null && only.length == 0) {
					return "OK EXPUNGE completed";
				}
				List<Long> removed = session.services.store.expunge(session.userId(), selected.folderId, only);
				List<Long> known = new ArrayList<>();
				for (long uid : removed) {
					if (selected.seqOf(uid) > 0) {
						known.add(uid);
					}
				}
				selected.expunged(session, known);
				return "OK EXPUNGE completed";
			}
		}
	}

	private String select(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		String name = args.astring();
		if (args.accept(' ')) {
			for (String parameter : args.atomList()) {
				if (parameter.toUpperCase(Locale.ROOT).equals("CONDSTORE")) {
					session.condstore = true;
				}
				else {
					throw ImapException.bad("Unknown SELECT parameter " + parameter);
				}
			}
		}
		args.end();
		// RFC 3501 6.3.1: a failed SELECT leaves no mailbox selected.
		session.select(null);
		Folder found = FolderCommands.require(session, name);
		Folder folder = session.services.store.folder(session.userId(), found.id())
			.orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
		boolean readOnly = request.name().equals("EXAMINE");
		List<UidMessage> messages = session.services.store.messages(session.userId(), folder.id());
		List<String> keywords = session.services.store.keywords(session.userId(), folder.id());
		SelectedMailbox selected = SelectedMailbox.open(folder, readOnly, messages);
		String custom = keywords.isEmpty() ? "" : " " + String.join(" ", keywords);
		session.untagged("FLAGS (" + Flags.SYSTEM + custom + ")");
		session.untagged("OK [PERMANENTFLAGS " + (readOnly ? "()" : "(" + Flags.SYSTEM + custom + " \\*)")
				+ "] Flags permitted");
		session.untagged(messages.size() + " EXISTS");
		session.untagged("0 RECENT");
		for (int i = 0; i < messages.size(); i++) {
			if (!messages.get(i).flags().seen()) {
				session.untagged("OK [UNSEEN " + (i + 1) + "] First unseen");
				break;
			}
		}
		session.untagged("OK [UIDVALIDITY " + folder.uidValidity() + "] UIDs valid");
		session.untagged("OK [UIDNEXT " + folder.uidNext() + "] Predicted next UID");
		session.untagged("OK [HIGHESTMODSEQ " + folder.highestModSeq() + "] Highest");
		session.select(selected);
		return "OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + request.name() + " completed";
	}

}
