package dev.mailroom.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.MessageFlags;
import dev.mailroom.mailbox.StoredMessage;

/**
 * APPEND (RFC 3501 6.3.11) with APPENDUID (RFC 4315): the message is parsed and stored
 * like delivered mail, so a copy a client saves in Sent or Drafts shows in the webmail.
 * Its size is limited by the literal limit (checked before the client sends it) and by
 * the user's quota.
 */
final class AppendCommand implements ImapCommand {

	private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("d-MMM-yyyy HH:mm:ss Z")
		.toFormatter(Locale.ENGLISH);

	@Override
	public List<String> names() {
		return List.of("APPEND");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		String name = args.astring();
		args.space();
		MessageFlags flags = MessageFlags.NONE;
		if (args.peekIs('(')) {
			flags = Flags.parse(args.atomList());
			args.space();
		}
		Instant internalDate = Instant.now();
		if (args.peekIs('"')) {
			internalDate = dateTime(args.astring());
			args.space();
		}
		if (!args.atLiteral()) {
			throw ImapException.bad("APPEND needs the message as a literal");
		}
		byte[] message = args.literal();
		args.end();
		Folder folder = FolderCommands.tree(session)
			.find(FolderTree.decode(name))
			.orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
		if (message.length == 0) {
			throw ImapException.no("An empty message cannot be stored");
		}
		long quota = session.user.quotaBytes();
		if (quota > 0 && session.services.store.usage(session.userId()) + message.length > quota) {
			throw ImapException.no("OVERQUOTA", "The mailbox is full");
		}
		StoredMessage stored = session.services.store.append(session.userId(), folder.id(),
				new ByteArrayInputStream(message), flags, internalDate);
		long uidValidity = session.services.store.folder(session.userId(), folder.id())
			.map(Folder::uidValidity)
			.orElse(folder.uidValidity());
		return "OK [APPENDUID " + uidValidity + " " + stored.uid() + "] APPEND completed";
	}

	private static Instant dateTime(String text) {
		try {
			return OffsetDateTime.parse(text.strip(), DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw ImapException.bad("Invalid date-time " + text);
		}
	}

}
