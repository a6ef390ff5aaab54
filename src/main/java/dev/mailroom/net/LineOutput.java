package dev.mailroom.net;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffered output over a target that can be replaced when the connection switches to TLS.
 */
final class LineOutput extends OutputStream {

	private final byte[] buffer = new byte[8192];

	private OutputStream target;

	private int count;

	LineOutput(OutputStream target) {
		this.target = target;
	}

	@Override
	public void write(int b) throws IOException {
		if (this.count == this.buffer.length) {
			flushBuffer();
		}
		this.buffer[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (length >= this.buffer.length) {
			flushBuffer();
			this.target.write(bytes, offset, length);
			return;
		}
		if (length > this.buffer.length - this.count) {
			flushBuffer();
		}
		System.arraycopy(bytes, offset, this.buffer, this.count, length);
		this.count += length;
	}

	@Override
	public void flush() throws IOException {
		flushBuffer();
		this.target.flush();
	}

	private void flushBuffer() throws IOException {
		if (this.count > 0) {
			this.target.write(this.buffer, 0, this.count);
			this.count = 0;
		}
	}

	/** Writes to a new target, e.g. the TLS socket; anything unflushed is dropped. */
	void switchTo(OutputStream newTarget) {
		this.target = newTarget;
		this.count = 0;
	}

}
