package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import dev.mailroom.mailbox.MessageFlags;
import dev.mailroom.mailbox.StoreResult;
import dev.mailroom.mailbox.UidMessage;

/**
 * STORE and UID STORE (RFC 3501 6.4.6): FLAGS, +FLAGS and -FLAGS, each optionally
 * .SILENT, with CONDSTORE's UNCHANGEDSINCE (RFC 7162 3.1.3). The change is the mailbox
 * module's, so the webmail shows it at once.
 */
final class StoreCommand implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("STORE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return state == ImapSession.State.SELECTED;
	}

	@Override
	public boolean allowsExpungeAfter(Request request) {
		return request.uid();
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		SequenceSet set = args.sequenceSet();
		args.space();
		Long unchangedSince = null;
		if (args.accept('(')) {
			String modifier = args.upperAtom();
			if (!modifier.equals("UNCHANGEDSINCE")) {
				throw ImapException.bad("Unknown STORE modifier " + modifier);
			}
			args.space();
			unchangedSince = args.number();
			args.expect(')');
			args.space();
			session.condstore = true;
		}
		String operation = args.fetchName().toUpperCase(Locale.ROOT);
		args.space();
		List<String> names;
		if (args.peekIs('(')) {
			names = args.atomList();
		}
		else {
			names = new ArrayList<>();
			do {
				names.add(args.flagOrAtom());
			}
			while (args.accept(' '));
		}
		args.end();
		boolean silent = operation.endsWith(".SILENT");
		String mode = silent ? operation.substring(0, operation.length() - ".SILENT".length()) : operation;
		MessageFlags given = Flags.parse(names);
		UnaryOperator<MessageFlags> change = switch (mode) {
			case "FLAGS" -> (current) -> given;
			case "+FLAGS" -> (current) -> Flags.add(current, given);
			case "-FLAGS" -> (current) -> Flags.remove(current, given);
			default -> throw ImapException.bad("Unknown STORE operation " + operation);
		};
		SelectedMailbox selected = session.selected;
		if (selected.readOnly) {
			throw ImapException.no("READ-ONLY", "The mailbox is read-only");
		}
		long[] uids = selected.resolve(set, request.uid());
		StoreResult result = session.services.store.store(session.userId(), selected.folderId, uids, change,
				unchangedSince);
		for (UidMessage message : result.messages()) {
			selected.reported(message.modSeq());
			int seq = selected.seqOf(message.uid());
			// RFC 7162 3.1.3: with UNCHANGEDSINCE, even .SILENT reports the new MODSEQ.
			if (seq > 0 && (!silent || unchangedSince != null)) {
				String flags = silent ? "" : "FLAGS " + Flags.format(message.flags());
				String modSeq = session.condstore ? "MODSEQ (" + message.modSeq() + ")" : "";
				String uid = request.uid() ? "UID " + message.uid() : "";
				String data = String.join(" ",
						List.of(uid, flags, modSeq).stream().filter((s) -> !s.isEmpty()).toList());
				session.untagged(seq + " FETCH (" + data + ")");
			}
		}
		if (!result.modified().isEmpty()) {
			List<Long> numbers = new ArrayList<>();
			for (long uid : result.modified()) {
				numbers.add(request.uid() ? uid : selected.seqOf(uid));
			}
			return "OK [MODIFIED " + SequenceSet.format(numbers) + "] Some messages changed meanwhile";
		}
		return "OK STORE completed";
	}

}
