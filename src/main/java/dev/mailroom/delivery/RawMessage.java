package dev.mailroom.delivery;

import java.nio.charset.StandardCharsets;

/** Byte positions in a raw RFC 5322 message, for the header surgery delivery does. */
final class RawMessage {

	private RawMessage() {
	}

	/** The length of a leading {@code Return-Path:} line with its CRLF, else 0. */
	static int returnPathLength(byte[] raw) {
		if (!new String(raw, 0, Math.min(raw.length, 12), StandardCharsets.US_ASCII).equalsIgnoreCase("Return-Path:")) {
			return 0;
		}
		for (int i = 0; i + 1 < raw.length; i++) {
			if (raw[i] == '\r' && raw[i + 1] == '\n') {
				return i + 2;
			}
		}
		return 0;
	}

	/**
	 * Where the body starts: after the first empty line, or the end when there is none.
	 */
	static int bodyStart(byte[] raw) {
		int emptyLine = emptyLine(raw);
		return (emptyLine >= 0) ? emptyLine + 4 : raw.length;
	}

	/** Where the header block ends: its last CRLF included, the empty line not. */
	static int headerEnd(byte[] raw) {
		int emptyLine = emptyLine(raw);
		return (emptyLine >= 0) ? emptyLine + 2 : raw.length;
	}

	/** Index of the CRLF CRLF that ends the header block, or -1. */
	private static int emptyLine(byte[] raw) {
		for (int i = 0; i + 3 < raw.length; i++) {
			if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
