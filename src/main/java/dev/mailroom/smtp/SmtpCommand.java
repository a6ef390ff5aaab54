package dev.mailroom.smtp;

import java.io.IOException;

/** One SMTP verb. Implementations are stateless; the session holds the state. */
interface SmtpCommand {

	/** The verb, upper case, as the client sends it. */
	String verb();

	/**
	 * @param argument what follows the verb and one space, or empty
	 */
	void execute(SmtpSession session, String argument) throws IOException;

}
