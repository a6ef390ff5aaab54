package dev.mailroom.pop3;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.mailroom.net.Connection;
import dev.mailroom.net.LineTooLongException;
import dev.mailroom.net.Refusal;
import dev.mailroom.net.SessionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the POP3 command loop on one connection. A session that ends without QUIT (the
 * client went away, the idle timeout, a server stop) never enters the UPDATE state, so
 * nothing it marked with DELE is deleted (RFC 1939 section 6).
 */
final class Pop3SessionHandler implements SessionHandler {

	private static final Logger log = LoggerFactory.getLogger(Pop3SessionHandler.class);

	private static final Map<String, Pop3Command> COMMANDS = List
		.of(new CapaCommand(), new StlsCommand(), new UserCommand(), new PassCommand(), new AuthCommand(),
				new QuitCommand(), new StatCommand(), new ListCommand(), new RetrCommand(), new DeleCommand(),
				new NoopCommand(), new RsetCommand(), new TopCommand(), new UidlCommand())
		.stream()
		.collect(Collectors.toUnmodifiableMap(Pop3Command::keyword, Function.identity()));

	private final Pop3Services services;

	Pop3SessionHandler(Pop3Services services) {
		this.services = services;
	}

	@Override
	public void serve(Connection connection) throws IOException {
		Pop3Session session = new Pop3Session(connection, this.services, COMMANDS);
		// No APOP timestamp: APOP needs the clear-text password on the server, and
		// Mailroom keeps only password hashes.
		session.ok(this.services.hostname() + " Mailroom POP3 server ready");
		try {
			while (!session.hasQuit()) {
				if (connection.isStopping()) {
					session.err("[SYS/TEMP] Server shutting down");
					break;
				}
				// Answers to pipelined commands go out together once the client waits
				// (RFC 2449 section 6.6).
				if (connection.input().available() == 0) {
					connection.flush();
				}
				String line;
				try {
					line = connection.readLine();
				}
				catch (LineTooLongException ex) {
					session.badCommand("Line too long");
					continue;
				}
				if (line == null) {
					break;
				}
				dispatch(session, line);
			}
		}
		catch (SocketTimeoutException ex) {
			// RFC 1939 section 3: the autologout timer closes the connection without a
			// response and without entering the UPDATE state.
			log.debug("{}: idle timeout", connection);
		}
		catch (EOFException ex) {
			log.debug("{}: client went away: {}", connection, ex.getMessage());
		}
		finally {
			try {
				connection.flush();
			}
			catch (IOException ex) {
				// the client is gone
			}
		}
	}

	private void dispatch(Pop3Session session, String line) throws IOException {
		int space = line.indexOf(' ');
		String keyword = ((space < 0) ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
		String argument = (space < 0) ? "" : line.substring(space + 1);
		Pop3Command command = session.command(keyword);
		if (command == null) {
			session.badCommand("Unknown command: " + Pop3Session.printable(keyword));
			return;
		}
		if (!command.states().contains(session.state)) {
			session.badCommand(keyword + " not valid in the " + session.state + " state");
			return;
		}
		try {
			command.execute(session, argument);
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// The database is unreachable, for instance: nothing changed, say so.
			log.warn("{}: {} failed", session.connection, keyword, ex);
			session.err("[SYS/TEMP] Temporary server error, try again later");
		}
	}

	@Override
	public void refuse(Connection connection, Refusal reason) throws IOException {
		String text = switch (reason) {
			case TOO_MANY_CONNECTIONS -> "Too many connections, try again later";
			case TOO_MANY_FROM_CLIENT -> "Too many connections from your address, try again later";
			case SHUTTING_DOWN -> "Server shutting down";
		};
		connection.writeLine("-ERR [SYS/TEMP] " + text);
		connection.flush();
	}

}
