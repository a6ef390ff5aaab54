package dev.mailroom.pop3;

import java.io.IOException;
import java.util.Set;

/** One POP3 command. Implementations are stateless; the session holds the state. */
interface Pop3Command {

	/** The keyword, upper case (RFC 1939 section 3: case-insensitive on the wire). */
	String keyword();

	/** The states the command is valid in; elsewhere it gets "-ERR". */
	Set<Pop3Session.State> states();

	/**
	 * @param argument what follows the keyword and one space, or empty
	 */
	void execute(Pop3Session session, String argument) throws IOException;

}
