package dev.mailroom.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Buffered input that reads lines and raw bytes from the same buffer, over a source that
 * can be replaced when the connection switches to TLS.
 */
final class LineInput extends InputStream {

	static final int BUFFER_SIZE = 8192;

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	private static final byte TLS_HANDSHAKE = 0x16;

	private static final int MAX_DISCARD = 64 * 1024;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	private final int maxLineLength;

	private InputStream source;

	private int position;

	private int limit;

	private byte[] line = new byte[256];

	LineInput(InputStream source, int maxLineLength) {
		this.source = source;
		this.maxLineLength = maxLineLength;
	}

	/**
	 * One line without its LF or CRLF, or {@code null} at the end of the stream.
	 */
	String readLine() throws IOException {
		int length = 0;
		boolean tooLong = false;
		while (true) {
			if (this.position == this.limit && !fill()) {
				if (tooLong) {
					throw new LineTooLongException(this.maxLineLength);
				}
				return (length > 0) ? decode(length) : null;
			}
			int start = this.position;
			int end = indexOfLf(start, this.limit);
			int stop = (end >= 0) ? end : this.limit;
			this.position = (end >= 0) ? end + 1 : this.limit;
			if (!tooLong) {
				int count = stop - start;
				// One byte more than the limit may be the CR of the terminator.
				if (length + count > this.maxLineLength + 1) {
					tooLong = true;
				}
				else {
					ensureLineCapacity(length + count);
					System.arraycopy(this.buffer, start, this.line, length, count);
					length += count;
				}
			}
			if (end >= 0) {
				if (tooLong) {
					throw new LineTooLongException(this.maxLineLength);
				}
				if (length > 0 && this.line[length - 1] == CR) {
					length--;
				}
				if (length > this.maxLineLength) {
					throw new LineTooLongException(this.maxLineLength);
				}
				return decode(length);
			}
		}
	}

	private String decode(int length) {
		return new String(this.line, 0, length, StandardCharsets.UTF_8);
	}

	private int indexOfLf(int from, int to) {
		for (int i = from; i < to; i++) {
			if (this.buffer[i] == LF) {
				return i;
			}
		}
		return -1;
	}

	private void ensureLineCapacity(int capacity) {
		if (capacity > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(capacity, this.line.length * 2));
		}
	}

	private boolean fill() throws IOException {
		int read = this.source.read(this.buffer, 0, this.buffer.length);
		if (read <= 0) {
			this.position = 0;
			this.limit = 0;
			return false;
		}
		this.position = 0;
		this.limit = read;
		return true;
	}

	@Override
	public int read() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xFF;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		int buffered = this.limit - this.position;
		if (buffered > 0) {
			int count = Math.min(buffered, length);
			System.arraycopy(this.buffer, this.position, bytes, offset, count);
			this.position += count;
			return count;
		}
		if (length >= this.buffer.length) {
			return this.source.read(bytes, offset, length);
		}
		if (!fill()) {
			return -1;
		}
		return read(bytes, offset, length);
	}

	/**
	 * Puts back bytes just read, so the next read returns them first: for a reader that
	 * read a block and found its end inside it. At most {@value #BUFFER_SIZE} bytes.
	 */
	void unread(byte[] bytes, int offset, int length) {
		if (length <= this.position) {
			this.position -= length;
			System.arraycopy(bytes, offset, this.buffer, this.position, length);
			return;
		}
		int buffered = this.limit - this.position;
		if (length + buffered > this.buffer.length) {
			throw new IllegalStateException("Cannot put back " + length + " bytes");
		}
		System.arraycopy(this.buffer, this.position, this.buffer, length, buffered);
		System.arraycopy(bytes, offset, this.buffer, 0, length);
		this.position = 0;
		this.limit = length + buffered;
	}

	@Override
	public int available() throws IOException {
		return (this.limit - this.position) + this.source.available();
	}

	/**
	 * Drops everything buffered or readable without blocking, as a client must send
	 * nothing between STARTTLS and the server's go-ahead (CVE-2011-0411). A TLS handshake
	 * record starting a line is kept: a client that already got the go-ahead may have
	 * sent its ClientHello.
	 * @return the kept bytes, to be fed to the TLS engine, or {@code null}
	 */
	byte[] discardPending() throws IOException {
		byte[] pending = Arrays.copyOfRange(this.buffer, this.position, this.limit);
		this.position = 0;
		this.limit = 0;
		int available = this.source.available();
		while (available > 0 && pending.length < MAX_DISCARD) {
			int offset = pending.length;
			pending = Arrays.copyOf(pending, offset + available);
			int read = this.source.read(pending, offset, available);
			if (read <= 0) {
				pending = Arrays.copyOf(pending, offset);
				break;
			}
			pending = Arrays.copyOf(pending, offset + read);
			available = this.source.available();
		}
		for (int i = 0; i < pending.length; i++) {
			if (pending[i] == TLS_HANDSHAKE && (i == 0 || pending[i - 1] == LF)) {
				return Arrays.copyOfRange(pending, i, pending.length);
			}
		}
		return null;
	}

	/** Reads from a new source, e.g. the TLS socket, with an empty buffer. */
	void switchTo(InputStream newSource) {
		this.source = newSource;
		this.position = 0;
		this.limit = 0;
	}

}
