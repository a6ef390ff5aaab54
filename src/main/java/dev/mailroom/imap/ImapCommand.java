package dev.mailroom.imap;

import java.io.IOException;
import java.util.List;

/**
 * A group of IMAP commands. Implementations are stateless; the session holds the state.
 */
interface ImapCommand {

	/** The command names this class handles, upper case. */
	List<String> names();

	/** Whether the command may be given in this state (RFC 3501 6). */
	boolean allowedIn(ImapSession.State state);

	/**
	 * Runs the command, writing its untagged responses.
	 * @return the tagged response after the tag, e.g. {@code OK FETCH completed}
	 * @throws ImapException for a BAD or NO answer
	 */
	String execute(ImapSession session, Request request) throws IOException;

	/** Whether the updates sent after this command may include EXPUNGE. */
	default boolean allowsExpungeAfter(Request request) {
		return true;
	}

	/**
	 * One command as parsed so far.
	 *
	 * @param name the command name, upper case, without the UID prefix
	 * @param uid whether it came as {@code UID name}
	 * @param args its arguments, after the name and its space
	 */
	record Request(String tag, String name, boolean uid, Arguments args) {
	}

	static boolean authenticated(ImapSession.State state) {
		return state == ImapSession.State.AUTHENTICATED || state == ImapSession.State.SELECTED;
	}

}
