package dev.mailroom.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes response data (RFC 3501 4): atoms, quoted strings, literals, NIL. Strings a
 * quoted string cannot carry (8-bit, CR, LF, very long) go out as literals.
 */
final class ImapOutput {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int MAX_QUOTED = 1000;

	private final OutputStream out;

	ImapOutput(OutputStream out) {
		this.out = out;
	}

	ImapOutput raw(String ascii) throws IOException {
		this.out.write(ascii.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	ImapOutput crlf() throws IOException {
		this.out.write(CRLF);
		return this;
	}

	/** A string as UTF-8: quoted when it can be, else a literal. */
	ImapOutput string(String value) throws IOException {
		return bytes(value.getBytes(StandardCharsets.UTF_8));
	}

	/** NIL for null, else {@link #string(String)}. */
	ImapOutput nstring(String value) throws IOException {
		return (value == null) ? raw("NIL") : string(value);
	}

	/** Raw bytes (e.g. header text as it was received): quoted when it can be. */
	ImapOutput bytes(byte[] value) throws IOException {
		if (quotable(value)) {
			this.out.write('"');
			for (byte b : value) {
				if (b == '"' || b == '\\') {
					this.out.write('\\');
				}
				this.out.write(b);
			}
			this.out.write('"');
			return this;
		}
		return literal(value, 0, value.length);
	}

	ImapOutput literal(byte[] value, int offset, int length) throws IOException {
		raw("{" + length + "}");
		crlf();
		this.out.write(value, offset, length);
		return this;
	}

	/** A literal streamed from {@code in}, which must hold exactly {@code size} bytes. */
	ImapOutput literal(InputStream in, long size) throws IOException {
		raw("{" + size + "}");
		crlf();
		long copied = in.transferTo(this.out);
		if (copied != size) {
			throw new IOException("Stored message has " + copied + " bytes, expected " + size);
		}
		return this;
	}

	private static boolean quotable(byte[] value) {
		if (value.length > MAX_QUOTED) {
			return false;
		}
		for (byte b : value) {
			if (b == '\r' || b == '\n' || b == 0 || (b & 0x80) != 0) {
				return false;
			}
		}
		return true;
	}

}
