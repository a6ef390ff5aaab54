package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mailbox.Folder;

/**
 * LIST and LSUB (RFC 3501 6.3.8, 6.3.9) with the special-use attributes of the standard
 * folders (RFC 6154), and NAMESPACE (RFC 2342): one personal namespace, {@code /} as the
 * delimiter.
 */
final class ListCommands implements ImapCommand {

	private static final int MAX_PATTERN = 1000;

	@Override
	public List<String> names() {
		return List.of("LIST", "LSUB", "NAMESPACE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		if (request.name().equals("NAMESPACE")) {
			args.end();
			session.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
			return "OK NAMESPACE completed";
		}
		boolean lsub = request.name().equals("LSUB");
		boolean subscribedOnly = lsub;
		boolean specialUseOnly = false;
		if (!lsub && args.peekIs('(')) {
			// RFC 5258 selection options, as clients send them with SPECIAL-USE.
			for (String option : args.atomList()) {
				String upper = option.toUpperCase(Locale.ROOT);
				subscribedOnly |= upper.equals("SUBSCRIBED");
				specialUseOnly |= upper.equals("SPECIAL-USE");
			}
			args.space();
		}
		String reference = args.listMailbox();
		args.space();
		String pattern = args.listMailbox();
		if (!lsub && args.accept(' ')) {
			if (!args.atom().equalsIgnoreCase("RETURN")) {
				throw ImapException.bad("Expected RETURN");
			}
			args.space();
			args.atomList();
		}
		args.end();
		if (pattern.length() + reference.length() > MAX_PATTERN) {
			throw ImapException.bad("Pattern too long");
		}
		String name = request.name();
		if (pattern.isEmpty()) {
			session.untagged(name + " (\\Noselect) \"/\" \"\"");
			return "OK " + name + " completed";
		}
		String wanted = FolderTree.canonical(ModifiedUtf7.decode(reference + pattern));
		FolderTree tree = FolderCommands.tree(session);
		for (Folder folder : tree.folders()) {
			String path = tree.pathOf(folder);
			if (!FolderTree.matches(wanted, path) || (subscribedOnly && !folder.subscribed())
					|| (specialUseOnly && (folder.role() == null || folder.role().specialUse() == null))) {
				continue;
			}
			List<String> attributes = new ArrayList<>();
			attributes.add(tree.hasChildren(folder) ? "\\HasChildren" : "\\HasNoChildren");
			if (folder.role() != null && folder.role().specialUse() != null) {
				attributes.add(folder.role().specialUse());
			}
			if (subscribedOnly && !lsub) {
				attributes.add("\\Subscribed");
			}
			session.out.raw("* " + name + " (" + String.join(" ", attributes) + ") \"/\" ");
			session.out.string(FolderTree.encode(path)).crlf();
		}
		return "OK " + name + " completed";
	}

}
