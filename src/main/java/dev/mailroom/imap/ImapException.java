package dev.mailroom.imap;

/**
 * Ends a command with a tagged BAD (a protocol error: syntax, wrong state) or NO (a
 * well-formed command that cannot be done), with an optional response code (RFC 5530).
 */
final class ImapException extends RuntimeException {

	private final boolean bad;

	private final String code;

	private ImapException(boolean bad, String code, String text) {
		super(text);
		this.bad = bad;
		this.code = code;
	}

	static ImapException bad(String text) {
		return new ImapException(true, null, text);
	}

	static ImapException no(String text) {
		return new ImapException(false, null, text);
	}

	static ImapException no(String code, String text) {
		return new ImapException(false, code, text);
	}

	boolean isBad() {
		return this.bad;
	}

	/** The tagged response after the tag: {@code BAD text} or {@code NO [CODE] text}. */
	String response() {
		return (this.bad ? "BAD " : "NO ") + ((this.code != null) ? "[" + this.code + "] " : "") + getMessage();
	}

}
