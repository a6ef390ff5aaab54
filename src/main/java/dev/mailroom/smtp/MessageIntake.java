package dev.mailroom.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

import dev.mailroom.delivery.Envelope;
import dev.mailroom.delivery.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a received message to the submission service with the trace headers this server
 * adds (RFC 5321 4.4: Return-Path and Received), and answers 250 only once it is
 * committed.
 */
final class MessageIntake {

	private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

	private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
			Locale.US);

	private static final SecureRandom random = new SecureRandom();

	private MessageIntake() {
	}

	/**
	 * Stores the transaction's message from the spool and replies; the transaction ends
	 * either way.
	 */
	static void accept(SmtpSession session, MessageSpool spool, DataReader.Problem problem) throws IOException {
		Transaction transaction = session.transaction;
		session.resetTransaction();
		try {
			switch (problem) {
				case TOO_BIG -> session.reply(552, "5.3.4", "Message size exceeds fixed limit of "
						+ session.properties().maxMessageSize().toBytes() + " bytes");
				case BARE_LINE_ENDING ->
					session.reply(550, "5.6.0", "Message refused: bare CR or LF in data (RFC 5321 2.3.8)");
				case LINE_TOO_LONG -> session.reply(550, "5.6.0", "Message refused: line longer than 998 octets");
				case NONE -> store(session, transaction, spool);
			}
		}
		finally {
			spool.close();
		}
	}

	private static void store(SmtpSession session, Transaction transaction, MessageSpool spool) throws IOException {
		String id = HexFormat.of().formatHex(nextId());
		ZonedDateTime now = ZonedDateTime.now(java.time.ZoneOffset.UTC);
		byte[] trace = traceHeaders(session, transaction, id, now).getBytes(StandardCharsets.UTF_8);
		Envelope envelope = new Envelope(transaction.sender, transaction.recipients,
				(session.user != null) ? session.user.id() : null);
		Submission submission;
		try (InputStream body = spool.open();
				InputStream message = new SequenceInputStream(new ByteArrayInputStream(trace), body)) {
			submission = session.services.submissions().submit(envelope, message, now.toInstant());
		}
		catch (RuntimeException ex) {
			log.error("Could not store message {} from <{}>", id, transaction.sender, ex);
			session.reply(451, "4.3.0", "Temporary failure storing the message; try again later");
			return;
		}
		log.info("Stored message {} from <{}> ({} bytes) for {} local, {} queued", id, transaction.sender, spool.size(),
				submission.delivered().size(), submission.queued().size());
		session.reply(250, "2.0.0", "Ok: stored as " + id);
	}

	private static byte[] nextId() {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		return bytes;
	}

	private static String traceHeaders(SmtpSession session, Transaction transaction, String id, ZonedDateTime now) {
		var connection = session.connection;
		String protocol = (session.extended ? "ESMTP" : "SMTP") + (connection.isTls() ? "S" : "")
				+ ((session.user != null) ? "A" : "");
		String tls = connection.isTls()
				? "\r\n\t(using " + connection.tlsProtocol() + " with cipher " + connection.tlsCipherSuite() + ")" : "";
		String forClause = (transaction.recipients.size() == 1) ? "\r\n\tfor <" + transaction.recipients.get(0) + ">"
				: "";
		return "Return-Path: <" + transaction.sender + ">\r\n" + "Received: from " + sanitize(session.heloName) + " (["
				+ connection.remoteAddress().getAddress().getHostAddress() + "])\r\n\tby " + session.hostname()
				+ " (Mailroom) with " + protocol + " id " + id + tls + forClause + ";\r\n\t" + RFC5322_DATE.format(now)
				+ "\r\n";
	}

	/**
	 * The HELO name is the client's text: keep it to printable ASCII so it cannot break
	 * the header.
	 */
	private static String sanitize(String text) {
		StringBuilder safe = new StringBuilder();
		for (char c : text.toCharArray()) {
			safe.append((c > 32 && c < 127 && c != '(' && c != ')') ? c : '?');
		}
		return (safe.length() > 0) ? safe.toString() : "unknown";
	}

}
