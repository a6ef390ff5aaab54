package dev.mailroom.smtp;

/** The three kinds of SMTP port Mailroom listens on. */
enum Listener {

	/** Port 25: other servers deliver to local users; relaying only after AUTH. */
	MX(false, false),
	/** Port 587: mail clients, STARTTLS then AUTH required before MAIL. */
	SUBMISSION(true, false),
	/** Port 465: like submission, with TLS from the first byte (RFC 8314). */
	SMTPS(true, true);

	private final boolean authRequired;

	private final boolean implicitTls;

	Listener(boolean authRequired, boolean implicitTls) {
		this.authRequired = authRequired;
		this.implicitTls = implicitTls;
	}

	boolean authRequired() {
		return this.authRequired;
	}

	boolean implicitTls() {
		return this.implicitTls;
	}

}
