package dev.mailroom.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import dev.mailroom.mailbox.FolderSnapshot;

/** Streams a message from the store to the client, for RETR and TOP. */
final class MessageTransfer {

	private static final int FIRST_READ = 8192;

	private MessageTransfer() {
	}

	/**
	 * Sends a message as a multi-line response.
	 * @param bodyLines body lines to send (TOP), or -1 for the whole message
	 * @return whether it was sent; when not, "-ERR" was written
	 * @throws IOException when the connection fails, or the store fails after "+OK" went
	 * out: the session then ends without the terminating line, so the client knows the
	 * message is incomplete
	 */
	static boolean send(Pop3Session session, int number, long bodyLines) throws IOException {
		FolderSnapshot.Entry entry = session.maildrop.get(number);
		Optional<InputStream> raw = session.services.store().openRaw(session.user.id(), entry.id());
		if (raw.isEmpty()) {
			session.err("Message " + number + " no longer exists");
			return false;
		}
		try (InputStream in = raw.get()) {
			// Read before answering, so a failing store still gets a clean "-ERR".
			byte[] first = new byte[FIRST_READ];
			int length = in.readNBytes(first, 0, first.length);
			session.connection.setBusy(true);
			session.ok((bodyLines < 0) ? entry.size() + " octets" : "Top of message follows");
			try {
				MessageWriter.write(first, length, in, session.connection.output(), bodyLines);
			}
			catch (RuntimeException ex) {
				throw new IOException("Message " + entry.id() + " could not be read while sending it", ex);
			}
			finally {
				session.connection.setBusy(false);
			}
		}
		return true;
	}

}
