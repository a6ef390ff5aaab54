package dev.mailroom.imap;

import java.io.IOException;
import java.util.List;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.UidMapping;

/**
 * COPY and MOVE (RFC 3501 6.4.7, RFC 6851), with their UID forms, answering COPYUID (RFC
 * 4315). A moved message gets a new UID in its new folder; the webmail sees it there at
 * once.
 */
final class CopyMoveCommand implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("COPY", "MOVE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return state == ImapSession.State.SELECTED;
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		SequenceSet set = args.sequenceSet();
		args.space();
		String name = args.astring();
		args.end();
		SelectedMailbox selected = session.selected;
		long[] uids = selected.resolve(set, request.uid());
		Folder target = FolderCommands.tree(session)
			.find(FolderTree.decode(name))
			.orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
		boolean move = request.name().equals("MOVE");
		if (move && selected.readOnly) {
			throw ImapException.no("READ-ONLY", "The mailbox is read-only");
		}
		if (uids.length == 0) {
			return "OK " + request.name() + " completed (nothing to do)";
		}
		if (move && target.id() == selected.folderId) {
			throw ImapException.no("CANNOT", "The source and target mailbox are the same");
		}
		UidMapping mapping = move ? session.services.store.move(session.userId(), selected.folderId, uids, target.id())
				: session.services.store.copy(session.userId(), selected.folderId, uids, target.id());
		if (mapping.isEmpty()) {
			return "OK " + request.name() + " completed (nothing to do)";
		}
		String copyUid = "COPYUID " + mapping.targetUidValidity() + " " + SequenceSet.format(mapping.sourceUids()) + " "
				+ SequenceSet.format(mapping.targetUids());
		if (!move) {
			return "OK [" + copyUid + "] COPY completed";
		}
		session.untagged("OK [" + copyUid + "] Moved");
		selected.expunged(session, mapping.sourceUids());
		return "OK MOVE completed";
	}

}
