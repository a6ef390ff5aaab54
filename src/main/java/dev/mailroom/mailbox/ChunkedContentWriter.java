package dev.mailroom.mailbox;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes raw message bytes into {@code message_chunks} as they arrive, one row per full
 * chunk, so storing a large message needs one chunk of heap, not the whole message.
 */
class ChunkedContentWriter extends OutputStream {

	static final int CHUNK_SIZE = 256 * 1024;

	private final JdbcClient jdbc;

	private final long contentId;

	private final byte[] buffer = new byte[CHUNK_SIZE];

	private int filled;

	private int seq;

	private long size;

	ChunkedContentWriter(JdbcClient jdbc, long contentId) {
		this.jdbc = jdbc;
		this.contentId = contentId;
	}

	@Override
	public void write(int b) {
		this.buffer[this.filled++] = (byte) b;
		this.size++;
		if (this.filled == CHUNK_SIZE) {
			flushChunk();
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) {
		while (length > 0) {
			int n = Math.min(length, CHUNK_SIZE - this.filled);
			System.arraycopy(bytes, offset, this.buffer, this.filled, n);
			this.filled += n;
			this.size += n;
			offset += n;
			length -= n;
			if (this.filled == CHUNK_SIZE) {
				flushChunk();
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (this.filled > 0) {
			flushChunk();
		}
	}

	long size() {
		return this.size;
	}

	private void flushChunk() {
		this.jdbc.sql("insert into message_chunks (content_id, seq, data) values (:content, :seq, :data)")
			.param("content", this.contentId)
			.param("seq", this.seq++)
			.param("data", Arrays.copyOf(this.buffer, this.filled))
			.update();
		this.filled = 0;
	}

}
