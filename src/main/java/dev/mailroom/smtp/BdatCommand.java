package dev.mailroom.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BDAT (RFC 3030, CHUNKING): the message in chunks of a stated size, the last marked
 * LAST. The chunk's bytes always follow the command, so they are read even when the
 * command is refused.
 */
final class BdatCommand implements SmtpCommand {

	private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})( +LAST)? *", Pattern.CASE_INSENSITIVE);

	@Override
	public String verb() {
		return "BDAT";
	}

	@Override
	public void execute(SmtpSession session, String argument) throws IOException {
		Matcher matcher = SYNTAX.matcher(argument);
		if (!matcher.matches()) {
			// Without a size we cannot know where the chunk ends: the session
			// cannot go on.
			session.reply(501, "5.5.4", "Syntax: BDAT <size> [LAST]; closing connection");
			session.quit();
			return;
		}
		long size = Long.parseLong(matcher.group(1));
		boolean last = matcher.group(2) != null;
		Transaction transaction = session.transaction;
		if (transaction == null || transaction.recipients.isEmpty()) {
			skip(session.connection.input(), size);
			session
				.badCommand(Reply.of(503, "5.5.1", (transaction == null) ? "Send MAIL first" : "No valid recipients"));
			return;
		}
		long limit = session.properties().maxMessageSize().toBytes();
		session.connection.setBusy(true);
		try {
			if (transaction.chunks == null && !transaction.chunksRejected) {
				transaction.chunks = session.newSpool();
			}
			if (transaction.chunks != null && transaction.chunks.size() + size <= limit) {
				copy(session.connection.input(), transaction.chunks, size);
			}
			else {
				skip(session.connection.input(), size);
				transaction.discardChunks();
				transaction.chunksRejected = true;
			}
			if (!last) {
				session.reply(250, "2.0.0", size + " octets received");
				return;
			}
			if (transaction.chunksRejected) {
				session.resetTransaction();
				session.reply(552, "5.3.4", "Message size exceeds fixed limit of " + limit + " bytes");
				return;
			}
			MessageSpool spool = transaction.chunks;
			transaction.chunks = null;
			MessageIntake.accept(session, spool, DataReader.Problem.NONE);
		}
		finally {
			session.connection.setBusy(false);
		}
	}

	private static void copy(InputStream in, MessageSpool out, long size) throws IOException {
		byte[] buffer = new byte[8192];
		long remaining = size;
		while (remaining > 0) {
			int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
			if (n < 0) {
				throw new EOFException("Connection closed in BDAT");
			}
			if (out != null) {
				out.write(buffer, 0, n);
			}
			remaining -= n;
		}
	}

	private static void skip(InputStream in, long size) throws IOException {
		copy(in, null, size);
	}

}
