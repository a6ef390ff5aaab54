package dev.mailroom.mailbox;

/**
 * Finds where a message's header block ends as its bytes go by: after the first empty
 * line (nothing, or a lone CR, before the LF), or at the end when there is none. This is
 * where IMAP's MIME parser starts the body (RFC 5322 2.1), so the stored header size and
 * a parse of the whole message always agree.
 */
final class HeaderSize {

	private long position;

	// The current line so far: 0 nothing, 1 a lone CR, 2 anything else.
	private int line;

	private long headerSize = -1;

	/** The header size of a whole message. */
	static long of(byte[] raw) {
		HeaderSize finder = new HeaderSize();
		finder.update(raw, 0, raw.length);
		return finder.size();
	}

	void update(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length && this.headerSize < 0; i++) {
			update(bytes[i]);
		}
	}

	void update(byte b) {
		if (this.headerSize >= 0) {
			return;
		}
		this.position++;
		if (b == '\n') {
			if (this.line < 2) {
				this.headerSize = this.position;
			}
			this.line = 0;
		}
		else {
			this.line = (b == '\r' && this.line == 0) ? 1 : 2;
		}
	}

	/** The header size once every byte has been seen. */
	long size() {
		return (this.headerSize >= 0) ? this.headerSize : this.position;
	}

}
