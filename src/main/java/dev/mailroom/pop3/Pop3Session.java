package dev.mailroom.pop3;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mailroom.account.LoginThrottledException;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one POP3 connection (RFC 1939 section 3) and the responses it writes.
 * Commands read and change it; the {@link Pop3SessionHandler} runs the command loop.
 */
final class Pop3Session {

	private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);

	/** Message numbers and line counts: decimal digits only (RFC 1939 section 3). */
	private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");

	enum State {

		AUTHORIZATION, TRANSACTION, UPDATE

	}

	final Connection connection;

	final Pop3Services services;

	private final Map<String, Pop3Command> commands;

	State state = State.AUTHORIZATION;

	/** The name given with USER, waiting for PASS; null otherwise. */
	String pendingUser;

	UserAccount user;

	Maildrop maildrop;

	private int badCommands;

	private boolean quit;

	Pop3Session(Connection connection, Pop3Services services, Map<String, Pop3Command> commands) {
		this.connection = connection;
		this.services = services;
		this.commands = commands;
	}

	Pop3Properties properties() {
		return this.services.properties();
	}

	String hostname() {
		return this.services.hostname();
	}

	Pop3Command command(String keyword) {
		return this.commands.get(keyword);
	}

	/**
	 * Passwords are accepted over TLS, or in plain text only when allowed for testing.
	 */
	boolean authAvailable() {
		return this.connection.isTls() || properties().allowPlainAuth();
	}

	void ok(String text) throws IOException {
		this.connection.writeLine(text.isEmpty() ? "+OK" : "+OK " + text);
	}

	void err(String text) throws IOException {
		this.connection.writeLine("-ERR " + text);
	}

	/** A line of a multi-line response; a line starting with "." is dot-stuffed. */
	void line(String text) throws IOException {
		this.connection.writeLine(text.startsWith(".") ? "." + text : text);
	}

	/** Ends a multi-line response. */
	void end() throws IOException {
		this.connection.writeLine(".");
	}

	/**
	 * Counts a bad command and answers it; too many close the session without an UPDATE
	 * (so a scanner or password guesser cannot keep the connection busy).
	 */
	void badCommand(String text) throws IOException {
		this.badCommands++;
		if (this.badCommands > properties().maxBadCommands()) {
			err("Too many errors, closing connection");
			this.quit = true;
			return;
		}
		err(text);
	}

	/**
	 * Reads a line the client sends in the middle of a command (AUTH), flushing first.
	 */
	String readContinuation() throws IOException {
		this.connection.flush();
		String line = this.connection.readLine();
		if (line == null) {
			throw new java.io.EOFException("Connection closed during AUTH");
		}
		return line;
	}

	/** Base64 as AUTH uses it (RFC 5034 section 4): null when the text is not valid. */
	static byte[] decodeBase64(String text) {
		try {
			return Base64.getDecoder().decode(text.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Checks the credentials through the one authenticator (throttled like every
	 * protocol) and, when they are right, takes the INBOX snapshot and enters the
	 * TRANSACTION state.
	 */
	void login(String login, String password) throws IOException {
		this.pendingUser = null;
		Optional<UserAccount> account;
		try {
			account = this.services.authenticator()
				.authenticate(login, password, this.connection.remoteAddress().getAddress().getHostAddress());
		}
		catch (LoginThrottledException ex) {
			// RFC 3206: a temporary condition, so clients retry later instead of asking
			// for another password.
			badCommand("[SYS/TEMP] Too many failed logins; try again later");
			return;
		}
		if (account.isEmpty()) {
			pause(properties().authFailureDelay());
			badCommand("[AUTH] Invalid login or password");
			return;
		}
		this.maildrop = new Maildrop(this.services.snapshots().take(account.get().id(), FolderRole.INBOX));
		this.user = account.get();
		this.state = State.TRANSACTION;
		log.debug("{}: {} logged in, {} messages", this.connection, this.user.email(), this.maildrop.size());
		ok("Logged in, " + this.maildrop.count() + " messages (" + this.maildrop.octets() + " octets)");
	}

	/**
	 * The message number in an argument, answering "-ERR" when it is malformed, out of
	 * range or marked as deleted.
	 * @return the number, or 0 after an error was written
	 */
	int messageNumber(String argument) throws IOException {
		if (!NUMBER.matcher(argument).matches()) {
			badCommand("Invalid message number: " + printable(argument));
			return 0;
		}
		long number = Long.parseLong(argument);
		if (number > Integer.MAX_VALUE || !this.maildrop.exists((int) number)) {
			err("No such message");
			return 0;
		}
		if (this.maildrop.isDeleted((int) number)) {
			err("Message " + number + " already deleted");
			return 0;
		}
		return (int) number;
	}

	/** A non-negative decimal, or -1 when malformed. */
	static long count(String argument) {
		return NUMBER.matcher(argument).matches() ? Long.parseLong(argument) : -1;
	}

	/** Client text for an error message: short, ASCII, no control characters. */
	static String printable(String text) {
		String shortened = (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		return shortened.replaceAll("[^\\x21-\\x7e]", "?");
	}

	void quit() {
		this.quit = true;
	}

	boolean hasQuit() {
		return this.quit;
	}

	private static void pause(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
