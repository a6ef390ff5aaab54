package dev.mailroom.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a stored message as the body of a POP3 multi-line response (RFC 1939 section 3):
 * the stored bytes unchanged except that a line starting with "." gets another "." in
 * front, then the terminating ".". The client removes the added dots and so receives
 * exactly the stored bytes.
 *
 * <p>
 * Stored mail has CRLF line ends (SMTP refuses bare LF); a line start is nevertheless any
 * byte after LF, so stray bare LFs can never let a "." line end the response early.
 * Optionally only the header and the first lines of the body are written (TOP).
 */
final class MessageWriter {

	private static final int BUFFER = 16 * 1024;

	private final OutputStream out;

	/** Body lines to write, or -1 for the whole message. */
	private final long bodyLines;

	private boolean lineStart = true;

	/** Bytes of the current line other than CR. */
	private long lineLength;

	private boolean inBody;

	private long bodyLinesWritten;

	private boolean done;

	private MessageWriter(OutputStream out, long bodyLines) {
		this.out = out;
		this.bodyLines = bodyLines;
	}

	/**
	 * Writes a message and the terminating line.
	 * @param first bytes already read from the message, written before the rest
	 * @param bodyLines body lines to write after the header and the blank line that ends
	 * it (RFC 1939 section 7, TOP), or -1 for the whole message
	 */
	static void write(byte[] first, int length, InputStream rest, OutputStream out, long bodyLines) throws IOException {
		new MessageWriter(out, bodyLines).write(first, length, rest);
	}

	private void write(byte[] first, int length, InputStream rest) throws IOException {
		write(first, 0, length);
		byte[] buffer = new byte[BUFFER];
		int n;
		while (!this.done && (n = rest.read(buffer)) != -1) {
			write(buffer, 0, n);
		}
		finish();
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		int run = offset;
		int end = offset + length;
		for (int i = offset; i < end && !this.done; i++) {
			byte b = bytes[i];
			if (this.lineStart && b == '.') {
				this.out.write(bytes, run, i - run);
				this.out.write('.');
				run = i;
			}
			this.lineStart = false;
			if (b == '\n') {
				endOfLine();
				if (this.done) {
					end = i + 1;
				}
			}
			else if (b != '\r') {
				this.lineLength++;
			}
		}
		this.out.write(bytes, run, end - run);
	}

	private void endOfLine() {
		this.lineStart = true;
		if (this.inBody) {
			this.bodyLinesWritten++;
		}
		else if (this.lineLength == 0) {
			// The empty line that ends the header (RFC 5322 section 2.1).
			this.inBody = true;
		}
		this.lineLength = 0;
		if (this.inBody && this.bodyLines >= 0 && this.bodyLinesWritten >= this.bodyLines) {
			this.done = true;
		}
	}

	private void finish() throws IOException {
		if (!this.lineStart) {
			// A message that does not end with a line end still needs one before ".".
			this.out.write('\r');
			this.out.write('\n');
		}
		this.out.write('.');
		this.out.write('\r');
		this.out.write('\n');
	}

}
