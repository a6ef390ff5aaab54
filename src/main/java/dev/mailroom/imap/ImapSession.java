package dev.mailroom.imap;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.mailroom.account.UserAccount;
import dev.mailroom.net.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one IMAP connection (RFC 3501 3): who is logged in, which mailbox is
 * selected, which extensions the client enabled. Commands run on the session's thread;
 * only an idling session is written to from a push thread, under {@link #lock}.
 */
final class ImapSession {

	private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

	enum State {

		NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT

	}

	final Connection connection;

	final ImapServices services;

	final ImapOutput out;

	/** Guards the output while the session idles. */
	final Object lock = new Object();

	private final AtomicBoolean pushPending = new AtomicBoolean();

	State state = State.NOT_AUTHENTICATED;

	UserAccount user;

	volatile SelectedMailbox selected;

	/** The client enabled CONDSTORE (RFC 7162 3.1): MODSEQ goes with every FLAGS. */
	boolean condstore;

	private volatile boolean idling;

	ImapSession(Connection connection, ImapServices services) {
		this.connection = connection;
		this.services = services;
		this.out = new ImapOutput(connection.output());
	}

	long userId() {
		return this.user.id();
	}

	void untagged(String text) throws IOException {
		this.connection.writeLine("* " + text);
	}

	void tagged(String tag, String text) throws IOException {
		this.connection.writeLine(tag + " " + text);
	}

	boolean tlsActive() {
		return this.connection.isTls();
	}

	/** Whether passwords may be sent now: over TLS, or when plain auth is allowed. */
	boolean passwordsAllowed() {
		return tlsActive() || this.services.properties.allowPlainAuth();
	}

	String capabilities() {
		StringBuilder caps = new StringBuilder("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT");
		if (!tlsActive()) {
			caps.append(" STARTTLS");
		}
		if (this.state == State.NOT_AUTHENTICATED) {
			caps.append(passwordsAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
		}
		else {
			caps.append(" UIDPLUS MOVE SPECIAL-USE CHILDREN CONDSTORE QUOTA");
		}
		return caps.toString();
	}

	void loggedIn(UserAccount account) {
		this.user = account;
		this.state = State.AUTHENTICATED;
		this.services.notifier.register(this);
	}

	void select(SelectedMailbox mailbox) {
		this.selected = mailbox;
		this.state = (mailbox != null) ? State.SELECTED : State.AUTHENTICATED;
	}

	/**
	 * Tells the client what changed in the selected mailbox since it last heard.
	 * @param allowExpunge whether EXPUNGE responses may be sent now (not during FETCH,
	 * STORE or SEARCH, RFC 3501 7.4.1)
	 */
	void sync(boolean allowExpunge) throws IOException {
		if (this.selected != null) {
			if (!this.selected.sync(this, allowExpunge)) {
				untagged("BYE The selected mailbox was deleted");
				this.state = State.LOGOUT;
			}
		}
	}

	void ended() {
		if (this.user != null) {
			this.services.notifier.unregister(this);
		}
	}

	/** Starts IDLE (RFC 2177): from now on, changes are pushed as they happen. */
	void startIdle() throws IOException {
		synchronized (this.lock) {
			this.idling = true;
			this.connection.writeLine("+ idling");
			this.connection.flush();
		}
		wake();
	}

	void stopIdle() {
		synchronized (this.lock) {
			this.idling = false;
		}
	}

	/**
	 * Called from any thread when the user's mail changed; never blocks. An idling
	 * session looks for the changes on a push thread.
	 */
	void wake() {
		if (!this.idling || this.selected == null || !this.pushPending.compareAndSet(false, true)) {
			return;
		}
		try {
			this.services.pushes().execute(this::push);
		}
		catch (RuntimeException ex) {
			this.pushPending.set(false);
		}
	}

	private void push() {
		this.pushPending.set(false);
		synchronized (this.lock) {
			if (!this.idling) {
				return;
			}
			try {
				sync(true);
				this.connection.flush();
				if (this.state == State.LOGOUT) {
					this.connection.close();
				}
			}
			catch (IOException | RuntimeException ex) {
				log.debug("{}: IDLE update failed: {}", this.connection, ex.toString());
				this.connection.close();
			}
		}
	}

}
