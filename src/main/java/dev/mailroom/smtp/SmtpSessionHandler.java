package dev.mailroom.smtp;

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

/** Runs the SMTP command loop on one connection of one listener. */
final class SmtpSessionHandler implements SessionHandler {

	private static final Logger log = LoggerFactory.getLogger(SmtpSessionHandler.class);

	private static final Map<String, SmtpCommand> COMMANDS = List
		.of(new EhloCommand(), new HeloCommand(), new MailCommand(), new RcptCommand(), new DataCommand(),
				new BdatCommand(), new RsetCommand(), new NoopCommand(), new QuitCommand(), new VrfyCommand(),
				new HelpCommand(), new StartTlsCommand(), new AuthCommand())
		.stream()
		.collect(Collectors.toUnmodifiableMap(SmtpCommand::verb, Function.identity()));

	private final Listener listener;

	private final SmtpServices services;

	SmtpSessionHandler(Listener listener, SmtpServices services) {
		this.listener = listener;
		this.services = services;
	}

	@Override
	public void serve(Connection connection) throws IOException {
		SmtpSession session = new SmtpSession(connection, this.listener, this.services, COMMANDS);
		session.reply(220, "", this.services.hostname() + " ESMTP Mailroom ready");
		try {
			while (!session.hasQuit()) {
				if (connection.isStopping()) {
					session.reply(421, "4.3.2", this.services.hostname() + " Service shutting down");
					break;
				}
				// Answers to pipelined commands go out together once the client
				// waits (RFC 2920).
				if (connection.input().available() == 0) {
					connection.flush();
				}
				String line;
				try {
					line = connection.readLine();
				}
				catch (LineTooLongException ex) {
					session.badCommand(Reply.of(500, "5.5.6", "Line too long"));
					continue;
				}
				if (line == null) {
					break;
				}
				dispatch(session, line);
			}
		}
		catch (SocketTimeoutException ex) {
			session.reply(421, "4.4.2", this.services.hostname() + " Timeout, closing connection");
		}
		catch (EOFException ex) {
			log.debug("Client {} went away: {}", connection.remoteAddress(), ex.getMessage());
		}
		finally {
			session.resetTransaction();
			try {
				connection.flush();
			}
			catch (IOException ex) {
				// the client is gone
			}
		}
	}

	private void dispatch(SmtpSession session, String line) throws IOException {
		int space = line.indexOf(' ');
		String verb = ((space < 0) ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
		String argument = (space < 0) ? "" : line.substring(space + 1);
		SmtpCommand command = session.command(verb);
		if (command == null) {
			session.badCommand(Reply.of(500, "5.5.2", "Command not recognized"));
			return;
		}
		command.execute(session, argument);
	}

	@Override
	public void refuse(Connection connection, Refusal reason) throws IOException {
		String text = switch (reason) {
			case TOO_MANY_CONNECTIONS -> "Too many connections, try again later";
			case TOO_MANY_FROM_CLIENT -> "Too many connections from your address, try again later";
			case SHUTTING_DOWN -> "Service shutting down";
		};
		String status = (reason == Refusal.SHUTTING_DOWN) ? "4.3.2" : "4.7.0";
		connection.writeLine("421 " + status + " " + this.services.hostname() + " " + text);
		connection.flush();
	}

}
