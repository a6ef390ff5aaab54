package dev.mailroom.imap;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailroom.mailbox.MailboxException;
import dev.mailroom.net.Connection;
import dev.mailroom.net.LineTooLongException;
import dev.mailroom.net.Refusal;
import dev.mailroom.net.SessionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/** Runs the IMAP command loop on one connection. */
final class ImapSessionHandler implements SessionHandler {

	private static final Logger log = LoggerFactory.getLogger(ImapSessionHandler.class);

	private static final Map<String, ImapCommand> COMMANDS = new HashMap<>();

	private static final Set<String> UID_COMMANDS = Set.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "EXPUNGE");

	static {
		for (ImapCommand command : List.of(new AnyStateCommands(), new LoginCommands(), new FolderCommands(),
				new ListCommands(), new SelectCommands(), new AppendCommand(), new FetchCommand(), new StoreCommand(),
				new SearchCommand(), new CopyMoveCommand(), new IdleCommand(), new QuotaCommands(),
				new EnableCommand())) {
			command.names().forEach((name) -> COMMANDS.put(name, command));
		}
	}

	private final ImapServices services;

	ImapSessionHandler(ImapServices services) {
		this.services = services;
	}

	@Override
	public void serve(Connection connection) throws IOException {
		ImapSession session = new ImapSession(connection, this.services);
		session.untagged("OK [CAPABILITY " + session.capabilities() + "] " + this.services.hostname
				+ " Mailroom IMAP4rev1 ready");
		int bad = 0;
		try {
			while (session.state != ImapSession.State.LOGOUT) {
				if (connection.isStopping()) {
					session.untagged("BYE Server shutting down");
					break;
				}
				if (connection.input().available() == 0) {
					connection.flush();
				}
				CommandReader.Command command;
				try {
					command = CommandReader.read(connection, maxLiteral(session), maxLiteral(session) + 65536);
				}
				catch (LineTooLongException ex) {
					session.untagged("BAD Line too long");
					bad++;
					if (bad > this.services.properties.maxBadCommands()) {
						break;
					}
					continue;
				}
				catch (CommandReader.Refused ex) {
					String tag = (ex.tag != null) ? ex.tag : "*";
					session.tagged(tag, ex.response);
					if (ex.fatal) {
						session.untagged("BYE Literal too large");
						break;
					}
					continue;
				}
				if (command == null) {
					break;
				}
				if (run(session, command)) {
					bad = 0;
				}
				else if (++bad > this.services.properties.maxBadCommands()) {
					session.untagged("BYE Too many bad commands");
					break;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			session.untagged("BYE Autologout; idle for too long");
		}
		finally {
			session.stopIdle();
			session.ended();
			try {
				connection.flush();
			}
			catch (IOException ex) {
				// the client is gone
			}
		}
	}

	private long maxLiteral(ImapSession session) {
		return (session.user == null) ? ImapProperties.MAX_ANONYMOUS_LITERAL
				: this.services.properties.maxLiteralSize().toBytes();
	}

	/** Runs one command; false when it was a protocol error (BAD). */
	private boolean run(ImapSession session, CommandReader.Command command) throws IOException {
		if (command.tag() == null) {
			session.untagged("BAD Missing or invalid tag");
			return false;
		}
		String tag = command.tag();
		Arguments args = new Arguments(command.lines(), command.literals(), tag.length());
		ImapCommand.Request request;
		ImapCommand handler;
		try {
			args.space();
			String name = args.upperAtom();
			boolean uid = false;
			if (name.equals("UID")) {
				args.space();
				name = args.upperAtom();
				uid = true;
				if (!UID_COMMANDS.contains(name)) {
					throw ImapException.bad("UID " + name + " is not a command");
				}
			}
			handler = COMMANDS.get(name);
			if (handler == null) {
				throw ImapException.bad("Unknown command " + name);
			}
			if (!handler.allowedIn(session.state)) {
				throw ImapException.bad(name + " is not allowed " + stateText(session.state));
			}
			if (!args.atEnd()) {
				args.space();
			}
			request = new ImapCommand.Request(tag, name, uid, args);
		}
		catch (ImapException ex) {
			session.tagged(tag, ex.response());
			return false;
		}
		try {
			String result = handler.execute(session, request);
			if (result == null) {
				// Answered already (STARTTLS).
				return true;
			}
			if (session.state != ImapSession.State.LOGOUT) {
				session.sync(handler.allowsExpungeAfter(request));
			}
			session.tagged(tag, result);
			return true;
		}
		catch (ImapException ex) {
			session.tagged(tag, ex.response());
			return !ex.isBad();
		}
		catch (MailboxException ex) {
			session.tagged(tag, "NO " + ex.getMessage());
			return true;
		}
		catch (DataAccessException ex) {
			log.warn("{}: {} failed", session.connection, request.name(), ex);
			session.tagged(tag, "NO [UNAVAILABLE] The mail store is not available; try again");
			return true;
		}
	}

	private static String stateText(ImapSession.State state) {
		return switch (state) {
			case NOT_AUTHENTICATED -> "before login";
			case AUTHENTICATED -> "without a selected mailbox";
			case SELECTED -> "with a mailbox selected";
			case LOGOUT -> "after logout";
		};
	}

	@Override
	public void refuse(Connection connection, Refusal reason) throws IOException {
		String text = switch (reason) {
			case TOO_MANY_CONNECTIONS -> "Too many connections, try again later";
			case TOO_MANY_FROM_CLIENT -> "Too many connections from your address, try again later";
			case SHUTTING_DOWN -> "Server shutting down";
		};
		connection.writeLine("* BYE [UNAVAILABLE] " + text);
		connection.flush();
	}

}
