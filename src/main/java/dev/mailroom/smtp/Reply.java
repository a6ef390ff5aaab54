package dev.mailroom.smtp;

/**
 * An SMTP reply: a code (RFC 5321 4.2), an enhanced status code (RFC 3463, RFC 2034) and
 * text. Multi-line replies are written by the commands that have them (EHLO, HELP).
 */
record Reply(int code, String status, String text) {

	static final Reply OK = new Reply(250, "2.0.0", "Ok");

	static final Reply BAD_SEQUENCE = new Reply(503, "5.5.1", "Bad sequence of commands");

	static final Reply SYNTAX = new Reply(501, "5.5.4", "Syntax error in parameters or arguments");

	static Reply of(int code, String status, String text) {
		return new Reply(code, status, text);
	}

	String line() {
		return this.status.isEmpty() ? this.code + " " + this.text : this.code + " " + this.status + " " + this.text;
	}

}
