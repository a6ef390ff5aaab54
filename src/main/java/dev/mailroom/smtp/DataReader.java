package dev.mailroom.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.mailroom.net.Connection;

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

	private final Connection connection;

	private final InputStream in;

	private final OutputStream out;

	private final long maxSize;

	private long written;

	// Read in blocks and scanned in place; what follows the end of the data (pipelined
	// commands) is put back into the connection.
	private final byte[] input = new byte[Connection.MAX_UNREAD];

	// Bytes go to the spool in blocks, not one call per byte.
	private final byte[] block = new byte[8192];

	private int blockLength;

	private boolean tooBig;

	private boolean bareLineEnding;

	private boolean lineTooLong;

	// Where the scanner is: at the start of a line, inside one, after a CR (not yet
	// written), after a line's leading dot, or after that dot and a CR.
	private static final int LINE_START = 0;

	private static final int IN_LINE = 1;

	private static final int CR = 2;

	private static final int DOT = 3;

	private static final int DOT_CR = 4;

	DataReader(Connection connection, OutputStream out, long maxSize) {
		this.connection = connection;
		this.in = connection.input();
		this.out = out;
		this.maxSize = maxSize;
	}

	/**
	 * Reads to the end of the data.
	 * @return the worst problem found
	 * @throws EOFException when the connection ends before the data does
	 */
	Problem read() throws IOException {
		byte[] bytes = this.input;
		int state = LINE_START;
		int lineLength = 0;
		while (true) {
			int count = this.in.read(bytes, 0, bytes.length);
			if (count < 0) {
				throw new EOFException("Connection closed in DATA");
			}
			int i = 0;
			while (i < count) {
				byte b = bytes[i];
				switch (state) {
					case LINE_START, IN_LINE -> {
						if (state == LINE_START && b == '.') {
							// A leading dot is either the end marker or a stuffed dot:
							// decided by what follows.
							state = DOT;
							i++;
							continue;
						}
						// The common case: copy the run up to the next CR or LF at once.
						int run = i;
						while (run < count && bytes[run] != '\r' && bytes[run] != '\n') {
							run++;
						}
						emit(bytes, i, run - i);
						lineLength += run - i;
						i = run;
						state = IN_LINE;
						if (i < count) {
							if (bytes[i] == '\r') {
								state = CR;
							}
							else {
								this.bareLineEnding = true;
								emit(bytes, i, 1);
								lineLength++;
							}
							i++;
						}
					}
					case CR, DOT_CR -> {
						if (b == '\n') {
							if (state == DOT_CR) {
								flushBlock();
								this.connection.unread(bytes, i + 1, count - i - 1);
								return problem();
							}
							emit(CRLF, 0, 2);
							if (lineLength > MAX_LINE) {
								this.lineTooLong = true;
							}
							lineLength = 0;
							state = LINE_START;
							i++;
						}
						else {
							// A bare CR: kept, noted, and the byte after it is part of
							// the line.
							this.bareLineEnding = true;
							emit(CR_BYTE, 0, 1);
							lineLength++;
							state = IN_LINE;
						}
					}
					default -> {
						// After a leading dot: a CR may start the end marker; anything
						// else follows a stuffed dot, which is dropped.
						if (b == '\r') {
							state = DOT_CR;
							i++;
						}
						else {
							state = IN_LINE;
						}
					}
				}
			}
		}
	}

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] CR_BYTE = { '\r' };

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

	private void emit(byte[] bytes, int offset, int length) throws IOException {
		int room = (int) Math.min(length, this.maxSize - this.written);
		if (room < length) {
			// Keep reading to the end so the session stays in step, but store
			// nothing more.
			this.tooBig = true;
		}
		if (room <= 0) {
			return;
		}
		if (this.blockLength + room > this.block.length) {
			flushBlock();
		}
		if (room >= this.block.length) {
			this.out.write(bytes, offset, room);
		}
		else {
			System.arraycopy(bytes, offset, this.block, this.blockLength, room);
			this.blockLength += room;
		}
		this.written += room;
	}

	private void flushBlock() throws IOException {
		this.out.write(this.block, 0, this.blockLength);
		this.blockLength = 0;
	}

}
