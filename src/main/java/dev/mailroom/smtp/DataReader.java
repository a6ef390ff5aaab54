package dev.mailroom.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the data of a DATA command up to the terminating {@code CRLF.CRLF}, undoing
 * dot-stuffing (RFC 5321 4.5.2).
 *
 * <p>
 * Only {@code CRLF.CRLF} ends the data. A bare LF or bare CR anywhere is noted and the
 * message is refused once its real end is reached: servers that also accepted
 * {@code LF.LF} or {@code CR.CR} as the end let an attacker hide a second message inside
 * the first ("SMTP smuggling", December 2023; RFC 5321 2.3.8 forbids bare CR and LF).
 * Because the data is always read to the real end, no byte of a body is ever run as a
 * command.
 */
final class DataReader {

	/** What went wrong in the data, if anything, once it has been read to its end. */
	enum Problem {

		NONE, TOO_BIG, BARE_LINE_ENDING, LINE_TOO_LONG

	}

	/** RFC 5322 2.1.1: at most 998 characters per line, excluding the CRLF. */
	static final int MAX_LINE = 998;

	private final InputStream in;

	private final OutputStream out;

	private final long maxSize;

	private long written;

	// Bytes go to the spool in blocks, not one call per byte.
	private final byte[] block = new byte[8192];

	private int blockLength;

	private boolean tooBig;

	private boolean bareLineEnding;

	private boolean lineTooLong;

	DataReader(InputStream in, OutputStream out, long maxSize) {
		this.in = in;
		this.out = out;
		this.maxSize = maxSize;
	}

	/**
	 * Reads to the end of the data.
	 * @return the worst problem found
	 * @throws EOFException when the connection ends before the data does
	 */
	Problem read() throws IOException {
		boolean lineStart = true;
		boolean pendingDot = false;
		int lineLength = 0;
		int pushedBack = -1;
		while (true) {
			int b = (pushedBack >= 0) ? pushedBack : this.in.read();
			pushedBack = -1;
			if (b < 0) {
				throw new EOFException("Connection closed in DATA");
			}
			if (lineStart && b == '.' && !pendingDot) {
				// A leading dot is either the end marker or a stuffed dot:
				// decided by what follows.
				pendingDot = true;
				lineStart = false;
				continue;
			}
			if (b == '\r') {
				int next = this.in.read();
				if (next == '\n') {
					if (pendingDot && lineLength == 0) {
						flushBlock();
						return problem();
					}
					emit('\r');
					emit('\n');
					lineStart = true;
					pendingDot = false;
					lineLength = 0;
					continue;
				}
				this.bareLineEnding = true;
				pushedBack = next;
			}
			else if (b == '\n') {
				this.bareLineEnding = true;
			}
			lineStart = false;
			pendingDot = false;
			if (++lineLength > MAX_LINE) {
				this.lineTooLong = true;
			}
			emit(b);
		}
	}

	long size() {
		return this.written;
	}

	private Problem problem() {
		if (this.tooBig) {
			return Problem.TOO_BIG;
		}
		if (this.bareLineEnding) {
			return Problem.BARE_LINE_ENDING;
		}
		return this.lineTooLong ? Problem.LINE_TOO_LONG : Problem.NONE;
	}

	private void emit(int b) throws IOException {
		if (this.written >= this.maxSize) {
			// Keep reading to the end so the session stays in step, but store
			// nothing more.
			this.tooBig = true;
			return;
		}
		this.block[this.blockLength++] = (byte) b;
		this.written++;
		if (this.blockLength == this.block.length) {
			flushBlock();
		}
	}

	private void flushBlock() throws IOException {
		this.out.write(this.block, 0, this.blockLength);
		this.blockLength = 0;
	}

}
