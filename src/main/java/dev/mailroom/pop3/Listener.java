package dev.mailroom.pop3;

/** The two kinds of POP3 port Mailroom listens on. */
enum Listener {

	/** Port 110: plain text until the client asks for STLS (RFC 2595). */
	POP3(false),
	/** Port 995: TLS from the first byte (RFC 8314). */
	POP3S(true);

	private final boolean implicitTls;

	Listener(boolean implicitTls) {
		this.implicitTls = implicitTls;
	}

	boolean implicitTls() {
		return this.implicitTls;
	}

}
