package dev.mailroom.net;

import java.io.IOException;

/**
 * What a protocol does with a connection. One call per connection, on its own thread.
 */
public interface SessionHandler {

	/**
	 * Runs the whole session; the server closes the connection when this returns or
	 * throws.
	 * @param connection the client connection
	 * @throws IOException when the connection fails; ends the session quietly
	 */
	void serve(Connection connection) throws IOException;

	/**
	 * Writes the protocol's refusal (SMTP: "421 4.7.0 ...") to a connection accepted over
	 * a limit, before it is closed.
	 * @param connection the refused connection
	 * @param reason why it is refused
	 * @throws IOException when writing fails
	 */
	void refuse(Connection connection, Refusal reason) throws IOException;

}
