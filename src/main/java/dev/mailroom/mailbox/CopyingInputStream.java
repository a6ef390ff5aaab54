package dev.mailroom.mailbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hands every byte the parser reads on to the content writer, the digest and the header
 * size finder, so a message is parsed and stored in one pass over its bytes.
 */
class CopyingInputStream extends FilterInputStream {

	private final OutputStream copy;

	private final MessageDigest digest;

	private final HeaderSize headerSize = new HeaderSize();

	CopyingInputStream(InputStream in, OutputStream copy, MessageDigest digest) {
		super(in);
		this.copy = copy;
		this.digest = digest;
	}

	/** The header size of the bytes read so far (all of them, after {@link #drain()}). */
	long headerSize() {
		return this.headerSize.size();
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			this.copy.write(b);
			this.digest.update((byte) b);
			this.headerSize.update((byte) b);
		}
		return b;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		int n = super.read(bytes, offset, length);
		if (n > 0) {
			this.copy.write(bytes, offset, n);
			this.digest.update(bytes, offset, n);
			this.headerSize.update(bytes, offset, n);
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		// Skipped bytes must still be stored: read them instead.
		byte[] buffer = new byte[8192];
		long total = 0;
		while (total < n) {
			int read = read(buffer, 0, (int) Math.min(buffer.length, n - total));
			if (read < 0) {
				break;
			}
			total += read;
		}
		return total;
	}

	/**
	 * Does not close the source: a parser may close its input once it has read what it
	 * wants, and {@link #drain()} must still store the rest.
	 */
	@Override
	public void close() {
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	/** Reads whatever the parser left unread, so the stored copy is complete. */
	void drain() throws IOException {
		byte[] buffer = new byte[8192];
		while (read(buffer, 0, buffer.length) >= 0) {
			// the bytes are copied by read
		}
	}

}
