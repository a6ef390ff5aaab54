package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.List;

/** The mail transaction between MAIL and the end of the data (RFC 5321 3.3). */
final class Transaction {

	final String sender;

	final boolean smtpUtf8;

	final List<String> recipients = new ArrayList<>();

	/** BDAT chunks received so far, when the client uses CHUNKING. */
	MessageSpool chunks;

	/** Set once any BDAT failed: the rest of the chunks are read and dropped. */
	boolean chunksRejected;

	Transaction(String sender, boolean smtpUtf8) {
		this.sender = sender;
		this.smtpUtf8 = smtpUtf8;
	}

	void discardChunks() {
		if (this.chunks != null) {
			this.chunks.close();
			this.chunks = null;
		}
	}

}
