package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mailroom.account.AccountService;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PendingMessage;
import dev.mailroom.mailbox.StoredContent;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MessageComposer;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.MimePart;
import dev.mailroom.mime.ParsedMessage;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unsent messages kept in the user's Drafts folder, as IMAP clients keep theirs: a
 * composed message with the {@code \Draft} flag, its Bcc recipients in a {@code Bcc}
 * header (as Thunderbird writes them in drafts; sending never writes one). A draft is
 * never changed in place: saving stores the new version and deletes the one it replaces,
 * in one transaction, so the folder has one version of it at every moment.
 */
@Service
public class Drafts {

	private final AccountService accounts;

	private final MessageStore store;

	private final MessageService messages;

	private final MessageComposer composer;

	private final TransactionTemplate transactions;

	private final MimeParser parser = new MimeParser();

	Drafts(AccountService accounts, MessageStore store, MessageService messages, LocalHostName hostname,
			PlatformTransactionManager transactionManager) {
		this.accounts = accounts;
		this.store = store;
		this.messages = messages;
		this.composer = new MessageComposer(hostname.name());
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Saves a draft in the user's Drafts folder, replacing an earlier version of it.
	 * Addresses that are not (yet) valid, such as one still being typed, are left out;
	 * everything else is kept as written, even without any recipient or text.
	 * @param replacing the id of the version this one replaces, deleted when it is a
	 * message of this user in Drafts; null for a new draft
	 * @return the id of the saved draft's message
	 * @throws SubmissionRefusedException when From is not the user's address or alias
	 * @throws IllegalArgumentException when the draft cannot be written (a control
	 * character in the subject or a file name)
	 */
	public long save(long userId, Draft draft, Long replacing) {
		byte[] raw = compose(userId, draft);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		PendingMessage saved = this.transactions.execute((status) -> {
			PendingMessage placed = place(userId, raw, now);
			if (replacing != null) {
				delete(userId, replacing);
			}
			return placed;
		});
		this.store.assignUids(List.of(saved));
		return saved.id();
	}

	/**
	 * A draft of the user, read back for the compose page: recipients (Bcc included),
	 * subject, text and HTML bodies, the thread it replies in and its attachments with
	 * their bytes.
	 * @return empty when the user has no such message in Drafts
	 */
	public Optional<Draft> open(long userId, long messageId) {
		if (!isDraft(userId, messageId)) {
			return Optional.empty();
		}
		return this.store.openRaw(userId, messageId).map((in) -> {
			try (in) {
				return read(in.readAllBytes(), null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * Deletes a draft for good (it was sent, or replaced). Anything not in the user's
	 * Drafts folder is left alone.
	 * @return whether a draft was deleted
	 */
	public boolean delete(long userId, long messageId) {
		return this.transactions.execute(
				(status) -> isDraft(userId, messageId) && this.messages.deleteForever(userId, List.of(messageId)) > 0);
	}

	/** Whether this is a message of the user in their Drafts folder. */
	boolean isDraft(long userId, long messageId) {
		return this.messages.find(userId, messageId)
			.filter((detail) -> detail.folderRole() == FolderRole.DRAFTS)
			.isPresent();
	}

	/** The raw draft: our Bcc line, then the message as the composer writes it. */
	byte[] compose(long userId, Draft draft) {
		if (draft.from() == null || !this.accounts.owns(userId, draft.from().address())) {
			throw new SubmissionRefusedException(
					"You cannot write as " + ((draft.from() != null) ? draft.from().address() : "nobody"));
		}
		Draft lenient = new Draft(draft.from(), valid(draft.to()), valid(draft.cc()), List.of(), valid(draft.replyTo()),
				draft.subject(), (draft.text() == null && draft.html() == null) ? "" : draft.text(), draft.html(),
				draft.attachments(), draft.inReplyTo(), draft.references(), draft.extraHeaders());
		byte[] message = this.composer.compose(lenient, Instant.now()).raw();
		List<Mailbox> bcc = valid(draft.bcc());
		if (bcc.isEmpty()) {
			return message;
		}
		byte[] line = ("Bcc: " + bccField(bcc) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] raw = new byte[line.length + message.length];
		System.arraycopy(line, 0, raw, 0, line.length);
		System.arraycopy(message, 0, raw, line.length, message.length);
		return raw;
	}

	/** Stores and places a draft in the caller's transaction, without its UID yet. */
	PendingMessage place(long userId, byte[] raw, Instant now) {
		StoredContent content = this.store.storeContent(new ByteArrayInputStream(raw));
		return this.store.placeIn(content, userId, FolderRole.DRAFTS, true, true, now);
	}

	/**
	 * Reads a stored message back as a draft.
	 * @param envelopeRecipients for a message composed to be sent (no Bcc header): every
	 * recipient, from which those not in To or Cc are its Bcc; null to read Bcc from the
	 * header
	 */
	Draft read(byte[] raw, List<String> envelopeRecipients) {
		ParsedMessage parsed = this.parser.parse(new ByteArrayInputStream(raw));
		var summary = parsed.summary();
		List<Mailbox> bcc;
		if (envelopeRecipients != null) {
			Set<String> visible = new HashSet<>();
			summary.to().forEach((mailbox) -> visible.add(mailbox.address().toLowerCase(Locale.ROOT)));
			summary.cc().forEach((mailbox) -> visible.add(mailbox.address().toLowerCase(Locale.ROOT)));
			bcc = envelopeRecipients.stream()
				.filter((address) -> !visible.contains(address.toLowerCase(Locale.ROOT)))
				.map((address) -> new Mailbox(null, address))
				.toList();
		}
		else {
			bcc = Mailbox.parseList(headerValue(raw, "Bcc"));
		}
		Bodies bodies = new Bodies();
		List<Attachment> attachments = new ArrayList<>();
		collect(parsed.body(), raw, bodies, attachments);
		Mailbox from = summary.from().isEmpty() ? null : summary.from().get(0);
		String subject = summary.subject().isEmpty() ? null : summary.subject();
		String text = (bodies.text == null && bodies.html == null) ? "" : bodies.text;
		return new Draft(from, summary.to(), summary.cc(), bcc, summary.replyTo(), subject, text, bodies.html,
				attachments, summary.inReplyTo(), summary.references(), null);
	}

	private static final class Bodies {

		String text;

		String html;

	}

	private void collect(MimePart part, byte[] raw, Bodies bodies, List<Attachment> attachments) {
		if (part.isAttachment()) {
			ByteArrayOutputStream content = new ByteArrayOutputStream();
			this.parser.copyPart(new ByteArrayInputStream(raw), part.path(), content);
			attachments.add(Attachment.file(part.filename(), part.contentType(), content.toByteArray()));
			return;
		}
		if (part.contentType().equals("text/plain") && bodies.text == null && part.text() != null) {
			bodies.text = part.text();
		}
		else if (part.contentType().equals("text/html") && bodies.html == null && part.text() != null) {
			bodies.html = part.text();
		}
		// Inline images of another client's HTML draft are not kept: the editor
		// has no place for them.
		part.children().forEach((child) -> collect(child, raw, bodies, attachments));
	}

	/** The unfolded value of the first header field of that name, null when none. */
	static String headerValue(byte[] raw, String name) {
		String header = new String(raw, 0, RawMessage.headerEnd(raw), StandardCharsets.ISO_8859_1);
		String unfolded = header.replaceAll("\r\n(?=[ \t])", "");
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		for (String line : unfolded.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				return line.substring(prefix.length()).strip();
			}
		}
		return null;
	}

	/**
	 * The addresses the composer would take, so a half-typed one does not lose the rest.
	 */
	static List<Mailbox> valid(List<Mailbox> mailboxes) {
		return mailboxes.stream().filter(Drafts::valid).toList();
	}

	private static boolean valid(Mailbox mailbox) {
		String address = mailbox.address();
		if (address == null || address.indexOf('@') <= 0 || address.chars().anyMatch((c) -> c <= ' ' || c > '~')) {
			return false;
		}
		if (mailbox.name() != null && mailbox.name().chars().anyMatch((c) -> c < ' ' || c == 0x7f)) {
			return false;
		}
		try {
			new InternetAddress(address).validate();
			return true;
		}
		catch (AddressException ex) {
			return false;
		}
	}

	private static String bccField(List<Mailbox> bcc) {
		List<InternetAddress> addresses = new ArrayList<>();
		for (Mailbox mailbox : bcc) {
			try {
				addresses.add(new InternetAddress(mailbox.address(),
						(mailbox.name() == null || mailbox.name().isBlank()) ? null : mailbox.name().strip(), "UTF-8"));
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		// Folded after "Bcc: " (5 characters), names RFC 2047 encoded.
		return InternetAddress.toString(addresses.toArray(InternetAddress[]::new), 5);
	}

}
