package dev.mailroom.mailbox;

import java.io.InputStream;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Streams raw message bytes back out of {@code message_chunks}, fetching one chunk at a
 * time.
 */
class ChunkedContentReader extends InputStream {

	private final JdbcClient jdbc;

	private final long contentId;

	private byte[] chunk = new byte[0];

	private int position;

	private int nextSeq;

	private boolean exhausted;

	ChunkedContentReader(JdbcClient jdbc, long contentId) {
		this.jdbc = jdbc;
		this.contentId = contentId;
	}

	@Override
	public int read() {
		if (!ensureAvailable()) {
			return -1;
		}
		return this.chunk[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (!ensureAvailable()) {
			return -1;
		}
		int n = Math.min(length, this.chunk.length - this.position);
		System.arraycopy(this.chunk, this.position, bytes, offset, n);
		this.position += n;
		return n;
	}

	private boolean ensureAvailable() {
		while (this.position == this.chunk.length) {
			if (this.exhausted) {
				return false;
			}
			byte[] next = this.jdbc.sql("select data from message_chunks where content_id = :content and seq = :seq")
				.param("content", this.contentId)
				.param("seq", this.nextSeq++)
				.query(byte[].class)
				.optional()
				.orElse(null);
			if (next == null) {
				this.exhausted = true;
				return false;
			}
			this.chunk = next;
			this.position = 0;
		}
		return true;
	}

}
