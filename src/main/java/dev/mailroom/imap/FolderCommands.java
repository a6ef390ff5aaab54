package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.FolderCounts;
import dev.mailroom.mailbox.MailboxException;

/**
 * CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE and STATUS (RFC 3501 6.3), on the
 * mailbox module's folders, which the webmail shows too.
 */
final class FolderCommands implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "STATUS");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	static FolderTree tree(ImapSession session) {
		return new FolderTree(session.services.mailboxes.listFolders(session.userId()));
	}

	/** The user's folder of a mailbox name as sent, or NO [NONEXISTENT]. */
	static Folder require(ImapSession session, String name) {
		return tree(session).find(FolderTree.decode(name))
			.orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		String name = args.astring();
		switch (request.name()) {
			case "CREATE" -> {
				args.end();
				create(session, FolderTree.decode(name));
				return "OK CREATE completed";
			}
			case "DELETE" -> {
				args.end();
				Folder folder = require(session, name);
				if (folder.role() != null) {
					throw ImapException.no("CANNOT", "Standard mailboxes cannot be deleted");
				}
				session.services.mailboxes.deleteFolder(session.userId(), folder.id());
				return "OK DELETE completed; its messages are in the Trash";
			}
			case "RENAME" -> {
				args.space();
				String newName = args.astring();
				args.end();
				rename(session, require(session, name), FolderTree.decode(newName));
				return "OK RENAME completed";
			}
			case "SUBSCRIBE", "UNSUBSCRIBE" -> {
				args.end();
				Folder folder = require(session, name);
				session.services.mailboxes.setSubscribed(session.userId(), folder.id(),
						request.name().equals("SUBSCRIBE"));
				return "OK " + request.name() + " completed";
			}
			default -> {
				args.space();
				List<String> items = args.atomList();
				args.end();
				status(session, name, items);
				return "OK STATUS completed";
			}
		}
	}

	private static void create(ImapSession session, String path) {
		List<String> levels = FolderTree.levels(path);
		if (levels.isEmpty()) {
			throw ImapException.bad("Empty mailbox name");
		}
		FolderTree tree = tree(session);
		if (tree.find(String.join("/", levels)).isPresent()) {
			throw ImapException.no("ALREADYEXISTS", "Mailbox exists already");
		}
		ensureParents(session, tree, levels);
	}

	/**
	 * Creates the missing levels of a path (RFC 3501 6.3.3: CREATE makes the superior
	 * names too).
	 * @return the id of the last level
	 */
	private static Long ensureParents(ImapSession session, FolderTree tree, List<String> levels) {
		Long parent = null;
		StringBuilder path = new StringBuilder();
		for (String level : levels) {
			if (!path.isEmpty()) {
				path.append(FolderTree.DELIMITER);
			}
			path.append(level);
			Optional<Folder> existing = tree.find(path.toString());
			if (existing.isPresent()) {
				parent = existing.get().id();
				continue;
			}
			if (FolderTree.isInbox(level) && parent == null) {
				throw ImapException.no("CANNOT", "INBOX exists already");
			}
			try {
				parent = session.services.mailboxes.createFolder(session.userId(), parent, level);
			}
			catch (MailboxException ex) {
				throw ImapException.no("CANNOT", ex.getMessage());
			}
		}
		return parent;
	}

	private static void rename(ImapSession session, Folder folder, String newPath) {
		if (folder.role() != null) {
			throw ImapException.no("CANNOT", "Standard mailboxes cannot be renamed");
		}
		List<String> levels = FolderTree.levels(newPath);
		if (levels.isEmpty()) {
			throw ImapException.bad("Empty mailbox name");
		}
		FolderTree tree = tree(session);
		if (tree.find(String.join("/", levels)).isPresent()) {
			throw ImapException.no("ALREADYEXISTS", "A mailbox of that name exists already");
		}
		Long parent = (levels.size() > 1) ? ensureParents(session, tree, levels.subList(0, levels.size() - 1)) : null;
		try {
			session.services.mailboxes.renameFolder(session.userId(), folder.id(), parent,
					levels.get(levels.size() - 1));
		}
		catch (MailboxException ex) {
			throw ImapException.no("CANNOT", ex.getMessage());
		}
	}

	private static void status(ImapSession session, String name, List<String> items) throws IOException {
		Folder folder = require(session, name);
		FolderCounts counts = session.services.store.counts(session.userId(), folder.id())
			.orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
		Folder fresh = session.services.store.folder(session.userId(), folder.id()).orElse(folder);
		List<String> values = new ArrayList<>();
		for (String item : items) {
			String upper = item.toUpperCase(Locale.ROOT);
			long value = switch (upper) {
				case "MESSAGES" -> counts.messages();
				case "RECENT" -> 0;
				case "UNSEEN" -> counts.unseen();
				case "UIDNEXT" -> fresh.uidNext();
				case "UIDVALIDITY" -> fresh.uidValidity();
				case "HIGHESTMODSEQ" -> fresh.highestModSeq();
				case "SIZE" -> counts.size();
				default -> throw ImapException.bad("Unknown STATUS item " + item);
			};
			values.add(upper + " " + value);
		}
		session.out.raw("* STATUS ").string(FolderTree.encode(tree(session).pathOf(folder)));
		session.out.raw(" (" + String.join(" ", values) + ")").crlf();
	}

}
