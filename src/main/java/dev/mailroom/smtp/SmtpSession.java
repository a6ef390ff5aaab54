package dev.mailroom.smtp;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;

import dev.mailroom.account.UserAccount;
import dev.mailroom.net.Connection;

/**
 * The state of one SMTP connection and the replies it writes. Commands read and change
 * it; the {@link SmtpSessionHandler} runs the command loop.
 */
final class SmtpSession {

	final Connection connection;

	final Listener listener;

	final SmtpServices services;

	/**
	 * The name the client gave in EHLO/HELO; null until then (and again after STARTTLS).
	 */
	String heloName;

	boolean extended;

	UserAccount user;

	Transaction transaction;

	private int badCommands;

	private boolean quit;

	private final Map<String, SmtpCommand> commands;

	SmtpSession(Connection connection, Listener listener, SmtpServices services, Map<String, SmtpCommand> commands) {
		this.connection = connection;
		this.listener = listener;
		this.services = services;
		this.commands = commands;
	}

	SmtpProperties properties() {
		return this.services.properties();
	}

	String hostname() {
		return this.services.hostname();
	}

	boolean greeted() {
		return this.heloName != null;
	}

	/** AUTH is offered over TLS, or in plain text only when allowed for testing. */
	boolean authAvailable() {
		return this.connection.isTls() || properties().allowPlainAuth();
	}

	boolean tlsAvailable() {
		return !this.connection.isTls();
	}

	SmtpCommand command(String verb) {
		return this.commands.get(verb);
	}

	void reply(Reply reply) throws IOException {
		this.connection.writeLine(reply.line());
	}

	void reply(int code, String status, String text) throws IOException {
		reply(Reply.of(code, status, text));
	}

	/**
	 * A multi-line reply (RFC 5321 4.2.1): every line but the last has a hyphen after the
	 * code.
	 */
	void replyLines(int code, String... lines) throws IOException {
		for (int i = 0; i < lines.length; i++) {
			this.connection.writeLine(code + ((i < lines.length - 1) ? "-" : " ") + lines[i]);
		}
	}

	/**
	 * Counts a bad command and answers it; too many close the session (so a client that
	 * speaks another protocol, or a scanner, cannot keep the connection busy).
	 */
	void badCommand(Reply reply) throws IOException {
		this.badCommands++;
		if (this.badCommands > properties().maxBadCommands()) {
			reply(421, "4.7.0", hostname() + " Too many errors, closing connection");
			this.quit = true;
			return;
		}
		reply(reply);
	}

	/**
	 * Reads a line the client sends in the middle of a command (AUTH), flushing first.
	 */
	String readContinuation() throws IOException {
		this.connection.flush();
		return this.connection.readLine();
	}

	/** Base64 as AUTH uses it (RFC 4954 4): null when the text is not valid base64. */
	static byte[] decodeBase64(String text) {
		try {
			return Base64.getDecoder().decode(text.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	MessageSpool newSpool() {
		return new MessageSpool(properties().spoolDir(), (int) properties().spoolThreshold().toBytes());
	}

	void resetTransaction() {
		if (this.transaction != null) {
			this.transaction.discardChunks();
		}
		this.transaction = null;
	}

	/**
	 * After STARTTLS the client starts over (RFC 3207 4.2): forget everything it said.
	 */
	void resetAfterTls() {
		resetTransaction();
		this.heloName = null;
		this.extended = false;
		this.user = null;
	}

	void quit() {
		this.quit = true;
	}

	boolean hasQuit() {
		return this.quit;
	}

}
