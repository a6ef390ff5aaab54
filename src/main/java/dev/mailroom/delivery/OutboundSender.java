package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mailroom's SMTP client (Angus Mail's SMTPTransport): one transaction for the recipients
 * of one message at one destination, with a result per recipient. Tries the next hop's
 * hosts in order until one answers. STARTTLS is used whenever offered; certificates are
 * not verified unless asked for, as with Postfix's default "may" level (most MX hosts
 * have no certificate a sender could check).
 */
class OutboundSender {

	private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);

	/** What became of one recipient. */
	record Outcome(Kind kind, String reply) {

		enum Kind {

			DELIVERED, TEMPORARY, PERMANENT

		}

		static Outcome of(int code, String reply) {
			Kind kind = (code >= 200 && code < 300) ? Kind.DELIVERED
					: (code >= 500 && code < 600) ? Kind.PERMANENT : Kind.TEMPORARY;
			return new Outcome(kind, reply);
		}

	}

	private static final NoDelaySocketFactory NO_DELAY = new NoDelaySocketFactory();

	private final DeliveryProperties properties;

	private final String heloName;

	OutboundSender(DeliveryProperties properties, String heloName) {
		this.properties = properties;
		this.heloName = heloName;
	}

	/**
	 * One message to send: its envelope and its bytes (read only once a host answered).
	 *
	 * @param sender the envelope sender, empty for the null sender of bounces
	 * @param raw the message as stored, without the Return-Path line this server added
	 */
	record Transaction(String sender, List<String> recipients, Supplier<byte[]> raw) {
	}

	/**
	 * Sends the messages one after the other over one connection to the first host of the
	 * next hop that answers. Returns a result per recipient for each message, in order.
	 */
	List<Map<String, Outcome>> send(NextHop hop, boolean tlsRequired, List<Transaction> transactions) {
		List<String> failures = new ArrayList<>();
		for (NextHop.Host host : hop.hosts()) {
			Session session = Session.getInstance(properties(host, tlsRequired, hop.relay()));
			SMTPTransport transport;
			try {
				transport = (SMTPTransport) session.getTransport("smtp");
				if (hop.relay() && this.properties.relayUsername() != null) {
					transport.connect(host.name(), host.port(), this.properties.relayUsername(),
							this.properties.relayPassword());
				}
				else {
					transport.connect(host.name(), host.port(), null, null);
				}
			}
			catch (MessagingException ex) {
				// Could not connect, or the host refused the session: try the next one.
				log.debug("Connecting to {} failed: {}", host, ex.getMessage());
				failures.add(host + ": " + oneLine(ex.getMessage()));
				continue;
			}
			List<Map<String, Outcome>> results = new ArrayList<>();
			for (Transaction transaction : transactions) {
				if (!transport.isConnected()) {
					results.add(all(transaction, Outcome.of(421, "Connection to " + host + " closed")));
					continue;
				}
				try {
					results.add(transact(transport, session, transaction.sender(), transaction.recipients(),
							transaction.raw().get()));
				}
				catch (MessagingException | RuntimeException ex) {
					// This message only: what was sent before it on this
					// connection stays sent.
					results.add(all(transaction, Outcome.of(451, host + ": " + oneLine(ex.getMessage()))));
				}
			}
			try {
				transport.close();
			}
			catch (MessagingException ex) {
				// The results stand: a failed QUIT does not undo what the
				// server accepted.
				log.debug("Closing the connection to {} failed: {}", host, ex.getMessage());
			}
			return results;
		}
		String reply = "No host answered: " + String.join("; ", failures);
		return transactions.stream()
			.map((transaction) -> all(transaction, new Outcome(Outcome.Kind.TEMPORARY, reply)))
			.toList();
	}

	private static Map<String, Outcome> all(Transaction transaction, Outcome outcome) {
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		transaction.recipients().forEach((recipient) -> outcomes.put(recipient, outcome));
		return outcomes;
	}

	private Map<String, Outcome> transact(SMTPTransport transport, Session session, String sender,
			List<String> recipients, byte[] raw) throws MessagingException {
		SMTPMessage message = new SMTPMessage(session, new ByteArrayInputStream(raw));
		message.setEnvelopeFrom(sender.isEmpty() ? "<>" : sender);
		Address[] addresses = addresses(recipients);
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		try {
			transport.sendMessage(message, addresses);
			String reply = oneLine(transport.getLastServerResponse());
			recipients.forEach((recipient) -> outcomes.put(recipient, Outcome.of(250, reply)));
		}
		catch (SendFailedException ex) {
			// With sendpartial every recipient is accounted for: sent, refused
			// at RCPT, or not sent because DATA failed.
			String dataReply = oneLine(ex.getMessage());
			int dataCode = (ex instanceof SMTPSendFailedException failed) ? failed.getReturnCode() : 451;
			for (String recipient : recipients) {
				outcomes.put(recipient, Outcome.of(dataCode, dataReply));
			}
			mark(outcomes, ex.getValidSentAddresses(), Outcome.of(250, oneLine(transport.getLastServerResponse())));
			for (Exception next = ex.getNextException(); next != null; next = (next instanceof MessagingException m)
					? m.getNextException() : null) {
				if (next instanceof SMTPAddressFailedException failed) {
					outcomes.put(failed.getAddress().getAddress(),
							Outcome.of(failed.getReturnCode(), oneLine(failed.getMessage())));
				}
			}
		}
		return outcomes;
	}

	private static void mark(Map<String, Outcome> outcomes, Address[] addresses, Outcome outcome) {
		if (addresses != null) {
			for (Address address : addresses) {
				outcomes.put(((InternetAddress) address).getAddress(), outcome);
			}
		}
	}

	private Properties properties(NextHop.Host host, boolean tlsRequired, boolean relay) {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", host.name());
		properties.put("mail.smtp.port", String.valueOf(host.port()));
		properties.put("mail.smtp.localhost", this.heloName);
		properties.put("mail.smtp.connectiontimeout", String.valueOf(this.properties.connectTimeout().toMillis()));
		properties.put("mail.smtp.timeout", String.valueOf(this.properties.replyTimeout().toMillis()));
		properties.put("mail.smtp.writetimeout", String.valueOf(this.properties.replyTimeout().toMillis()));
		properties.put("mail.smtp.socketFactory", NO_DELAY);
		properties.put("mail.smtp.starttls.enable", "true");
		properties.put("mail.smtp.starttls.required", String.valueOf(tlsRequired));
		properties.put("mail.smtp.ssl.trust", "*");
		properties.put("mail.smtp.sendpartial", "true");
		properties.put("mail.smtp.quitwait", "false");
		properties.put("mail.smtp.auth", String.valueOf(relay && this.properties.relayUsername() != null));
		return properties;
	}

	private static Address[] addresses(List<String> recipients) throws AddressException {
		Address[] addresses = new Address[recipients.size()];
		for (int i = 0; i < recipients.size(); i++) {
			// Already checked at RCPT; no strict parsing that would refuse
			// SMTPUTF8 addresses.
			addresses[i] = new InternetAddress(recipients.get(i), false);
		}
		return addresses;
	}

	private static String oneLine(String text) {
		return (text != null) ? text.replaceAll("\\s+", " ").trim() : "";
	}

}
