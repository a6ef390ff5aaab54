package dev.mailroom.delivery;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery status notification (RFC 3464, in an RFC 6522 multipart/report): a
 * human-readable explanation, a machine-readable message/delivery-status part per failed
 * recipient, and the original message's headers (not its body: it may be large, and the
 * sender has it).
 */
final class BounceReport {

	/** One recipient that could not be reached. */
	record Failure(String recipient, String reply, String remoteHost) {
	}

	private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter
		.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

	private static final SecureRandom random = new SecureRandom();

	private BounceReport() {
	}

	/**
	 * @param originalHeaders the header block of the message that failed, CRLF line ends
	 */
	static byte[] build(String hostname, String sender, Instant arrival, Instant now, List<Failure> failures,
			String originalHeaders) {
		String boundary = "=_mailroom_dsn_" + HexFormat.of().formatHex(randomBytes(12));
		StringBuilder text = new StringBuilder();
		text.append("This is the mail system at ").append(hostname).append(".\r\n\r\n");
		text.append("Your message could not be delivered to the following recipients:\r\n\r\n");
		for (Failure failure : failures) {
			text.append("<").append(failure.recipient()).append(">: ").append(failure.reply()).append("\r\n");
		}
		StringBuilder status = new StringBuilder();
		status.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
		status.append("Arrival-Date: ").append(RFC5322_DATE.format(arrival)).append("\r\n");
		for (Failure failure : failures) {
			status.append("\r\n");
			status.append("Final-Recipient: rfc822; ").append(failure.recipient()).append("\r\n");
			status.append("Action: failed\r\n");
			status.append("Status: ").append(statusCode(failure.reply())).append("\r\n");
			if (failure.remoteHost() != null) {
				status.append("Remote-MTA: dns; ").append(failure.remoteHost()).append("\r\n");
			}
			status.append("Diagnostic-Code: smtp; ").append(failure.reply()).append("\r\n");
			status.append("Last-Attempt-Date: ").append(RFC5322_DATE.format(now)).append("\r\n");
		}
		String message = "From: Mail Delivery System <MAILER-DAEMON@" + hostname + ">\r\n" + "To: <" + sender + ">\r\n"
				+ "Subject: Undelivered Mail Returned to Sender\r\n" + "Date: " + RFC5322_DATE.format(now) + "\r\n"
				+ "Message-ID: <" + HexFormat.of().formatHex(randomBytes(10)) + ".dsn@" + hostname + ">\r\n"
				// RFC 3834: an automatic reply, so vacation responders and the
				// like stay quiet.
				+ "Auto-Submitted: auto-replied\r\n" + "MIME-Version: 1.0\r\n"
				+ "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n"
				+ "\r\n" + "This is a MIME-encapsulated delivery status notification.\r\n\r\n" + "--" + boundary
				+ "\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n" + "Content-Transfer-Encoding: 8bit\r\n\r\n"
				+ text + "\r\n--" + boundary + "\r\n" + "Content-Type: message/delivery-status\r\n\r\n" + status
				+ "\r\n--" + boundary + "\r\n" + "Content-Type: text/rfc822-headers\r\n\r\n" + originalHeaders
				+ "\r\n--" + boundary + "--\r\n";
		return message.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The enhanced status code in the reply (RFC 3463), else a generic one for its class.
	 */
	static String statusCode(String reply) {
		Matcher matcher = ENHANCED_STATUS.matcher(reply);
		if (matcher.find() && matcher.group(1).startsWith("5")) {
			return matcher.group(1);
		}
		// A temporary failure that lasted too long: 4.4.7 "delivery time
		// expired" made final.
		return reply.startsWith("Gave up") ? "5.4.7" : "5.0.0";
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		random.nextBytes(bytes);
		return bytes;
	}

}
