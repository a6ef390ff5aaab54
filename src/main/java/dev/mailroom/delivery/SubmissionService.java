package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.DeliveredCopies;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PendingMessage;
import dev.mailroom.mailbox.StoredContent;
import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.mime.Composed;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MessageComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a message with its envelope and, in one transaction, stores it once, places it in
 * the INBOX of every local recipient (aliases resolved, each user once) and queues every
 * remote recipient. When this returns, the message is committed: only then may SMTP
 * answer 250.
 */
@Service
public class SubmissionService {

	static final String OUTBOUND_HOLDER = "outbound";

	private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

	private final AccountService accounts;

	private final MessageStore store;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MessageComposer composer;

	private final ApplicationEventPublisher events;

	private final DeliveryProperties delivery;

	private final DkimKeys dkim;

	SubmissionService(AccountService accounts, MessageStore store, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, LocalHostName hostname, ApplicationEventPublisher events,
			DeliveryProperties delivery, DkimKeys dkim) {
		this.composer = new MessageComposer(hostname.name());
		this.events = events;
		this.delivery = delivery;
		this.dkim = dkim;
		this.accounts = accounts;
		this.store = store;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Stores the message for every recipient. Returns once it is committed and the local
	 * copies are numbered (visible to IMAP and the webmail).
	 */
	public Submission submit(Envelope envelope, InputStream raw, Instant receivedAt) {
		Recipients recipients = resolve(envelope);
		if (recipients.remote().isEmpty()) {
			if (recipients.local().isEmpty()) {
				return new Submission(0, List.of(), List.of(), recipients.skipped());
			}
			// The common case, mail for local users only: batched with
			// concurrent deliveries.
			List<StoredMessage> delivered = this.store.deliver(raw, recipients.local(), receivedAt);
			return new Submission(delivered.get(0).contentId(), delivered, List.of(), recipients.skipped());
		}
		Stored stored = store(envelope, recipients, raw, receivedAt);
		List<StoredMessage> delivered = numberAfterCommit(stored.pending());
		return new Submission(stored.contentId(), delivered, recipients.remote(), recipients.skipped());
	}

	/**
	 * Sends mail written in Mailroom (webmail, REST API): composes it, keeps a read copy
	 * in the sender's Sent folder, and delivers it like any other submission, in one
	 * transaction.
	 * @throws SubmissionRefusedException when the From address is not the user's own or
	 * an alias of theirs
	 * @throws IllegalArgumentException when the draft cannot be composed (no body, header
	 * injection, invalid addresses)
	 */
	public ComposedSubmission submitComposed(long userId, Draft draft, Instant now) {
		Prepared prepared = prepare(userId, draft, now, now);
		if (prepared.recipients().remote().isEmpty()) {
			// Nothing to queue: the Sent and INBOX copies are group committed with
			// concurrent deliveries, UIDs included, as SMTP mail is.
			DeliveredCopies copies = this.store.deliverWritten(prepared.message(), prepared.recipients().local(),
					userId, now);
			long contentId = copies.sent().contentId();
			return new ComposedSubmission(prepared.composed().messageId(), copies.sent(),
					new Submission(contentId, copies.recipients(), List.of(), prepared.recipients().skipped()));
		}
		Stored stored = this.transactions.execute((status) -> distribute(this.store.storeContent(prepared.message()),
				prepared.envelope(), prepared.recipients(), now, userId));
		return committed(prepared.composed().messageId(), stored);
	}

	/**
	 * A draft composed for sending by this user, not stored yet: what
	 * {@link #submitComposed} sends at once and the outbox stores to send later.
	 *
	 * @param composed the message as written
	 * @param envelope its sender and every recipient, Bcc included
	 * @param recipients where they are as of now
	 * @param message the bytes to store: our Return-Path line, then the message, DKIM
	 * signed when it leaves for other servers
	 */
	record Prepared(Composed composed, Envelope envelope, Recipients recipients, InputStream message) {
	}

	/**
	 * Checks the sender and composes the message with the given Date.
	 * @param date the Date header (the send time of a scheduled message)
	 * @param now the time of the DKIM signature
	 */
	Prepared prepare(long userId, Draft draft, Instant date, Instant now) {
		if (draft.from() == null || !this.accounts.owns(userId, draft.from().address())) {
			throw new SubmissionRefusedException(
					"You cannot send as " + ((draft.from() != null) ? draft.from().address() : "nobody"));
		}
		Composed composed = this.composer.compose(draft, date);
		List<String> to = new ArrayList<>();
		for (List<Mailbox> list : List.of(draft.to(), draft.cc(), draft.bcc())) {
			list.forEach((mailbox) -> to.add(mailbox.address()));
		}
		if (to.isEmpty()) {
			throw new IllegalArgumentException("A message needs at least one recipient");
		}
		Envelope envelope = new Envelope(draft.from().address(), to, userId);
		Recipients recipients = resolve(envelope);
		byte[] returnPath = ("Return-Path: <" + envelope.sender() + ">\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] raw = new byte[returnPath.length + composed.raw().length];
		System.arraycopy(returnPath, 0, raw, 0, returnPath.length);
		System.arraycopy(composed.raw(), 0, raw, returnPath.length, composed.raw().length);
		return new Prepared(composed, envelope, recipients,
				signedForSending(envelope, recipients, new ByteArrayInputStream(raw), now));
	}

	/**
	 * Delivers a content stored earlier by a user (the outbox at its send time): a Sent
	 * copy, the local recipients' copies and queue rows for the remote ones, in the
	 * caller's transaction. Recipients are resolved now, so an address that stopped
	 * existing meanwhile is skipped. Call {@link #committed} after the commit.
	 */
	Stored deliverStored(StoredContent content, Envelope envelope, long userId, Instant now) {
		return distribute(content, envelope, resolve(envelope), now, userId);
	}

	/**
	 * After the commit of a composed message's transaction: numbers its copies and wakes
	 * the outbound workers.
	 */
	ComposedSubmission committed(String messageId, Stored stored) {
		if (!stored.recipients().remote().isEmpty()) {
			// Committed: the outbound workers may start at once instead of at
			// their next poll.
			this.events.publishEvent(new MailQueued(stored.contentId()));
		}
		List<StoredMessage> placed = numberAfterCommit(stored.pending());
		Long sentId = (stored.sentCopy() != null) ? stored.sentCopy().id() : null;
		StoredMessage sent = placed.stream()
			.filter((message) -> sentId != null && message.id() == sentId)
			.findFirst()
			.orElse(null);
		List<StoredMessage> delivered = placed.stream()
			.filter((message) -> sentId == null || message.id() != sentId)
			.toList();
		return new ComposedSubmission(messageId, sent, new Submission(stored.contentId(), delivered,
				stored.recipients().remote(), stored.recipients().skipped()));
	}

	/**
	 * Numbers what was just committed. The mail is stored whatever happens here: a
	 * failure only delays its UIDs until the mailbox's leftover job, so it must not turn
	 * into an error for the sender (an SMTP 451 would make the client send it again).
	 */
	private List<StoredMessage> numberAfterCommit(List<PendingMessage> pending) {
		try {
			return this.store.assignUids(pending);
		}
		catch (RuntimeException ex) {
			log.warn("Stored messages {} could not be numbered yet; the leftover job will",
					pending.stream().map(PendingMessage::id).toList(), ex);
			return List.of();
		}
	}

	record Recipients(Set<Long> local, List<String> remote, List<String> skipped) {
	}

	Recipients resolve(Envelope envelope) {
		Set<Long> local = new LinkedHashSet<>();
		List<String> remote = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (String recipient : new LinkedHashSet<>(envelope.recipients())) {
			Optional<UserAccount> user = this.accounts.resolveRecipient(recipient);
			if (user.isPresent()) {
				local.add(user.get().id());
			}
			else if (this.accounts.isLocalDomain(domainOf(recipient))) {
				log.warn("Recipient {} does not exist (any more); skipped", recipient);
				skipped.add(recipient);
			}
			else {
				remote.add(recipient);
			}
		}
		return new Recipients(local, List.copyOf(remote), List.copyOf(skipped));
	}

	record Stored(long contentId, List<PendingMessage> pending, PendingMessage sentCopy, Recipients recipients) {
	}

	/**
	 * Mail that leaves for other servers is DKIM-signed once, here, and stored signed, so
	 * the outbound workers (and every retry) only send it, as Postfix with OpenDKIM signs
	 * on receipt. Messages larger than this are signed at each delivery attempt instead,
	 * to keep them out of the heap here.
	 */
	static final int SIGN_AT_SUBMISSION_LIMIT = 10 * 1024 * 1024;

	private InputStream signedForSending(Envelope envelope, Recipients recipients, InputStream raw, Instant now) {
		if (recipients.remote().isEmpty() || envelope.sender().isEmpty() || !this.delivery.dkimSigning()) {
			return raw;
		}
		String domain = domainOf(envelope.sender());
		Optional<java.security.PrivateKey> key = this.dkim.signingKey(domain);
		if (key.isEmpty()) {
			return raw;
		}
		try {
			byte[] message = raw.readNBytes(SIGN_AT_SUBMISSION_LIMIT + 1);
			if (message.length > SIGN_AT_SUBMISSION_LIMIT) {
				return new java.io.SequenceInputStream(new ByteArrayInputStream(message), raw);
			}
			// Our Return-Path line stays in front, outside the signature: it is removed
			// on
			// the way out.
			int split = RawMessage.returnPathLength(message);
			byte[] signed = DkimSigner.sign(java.util.Arrays.copyOfRange(message, split, message.length), domain,
					DkimKeys.SELECTOR, key.get(), now);
			byte[] result = java.util.Arrays.copyOf(message, split + signed.length);
			System.arraycopy(signed, 0, result, split, signed.length);
			return new ByteArrayInputStream(result);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Content, folder copies and queue rows in one transaction; UIDs are given after it.
	 */
	private Stored store(Envelope envelope, Recipients recipients, InputStream raw, Instant now) {
		InputStream message = signedForSending(envelope, recipients, raw, now);
		Stored stored = this.transactions
			.execute((status) -> distribute(this.store.storeContent(message), envelope, recipients, now, null));
		if (!recipients.remote().isEmpty()) {
			// Committed: the outbound workers may start at once instead of at
			// their next poll.
			this.events.publishEvent(new MailQueued(stored.contentId()));
		}
		return stored;
	}

	/**
	 * Places a stored content in the local recipients' INBOXes (and the sender's Sent
	 * folder, for mail written in Mailroom) and queues the remote recipients, holding the
	 * content for them; in the caller's transaction.
	 */
	private Stored distribute(StoredContent content, Envelope envelope, Recipients recipients, Instant now,
			Long sentBy) {
		List<PendingMessage> pending = new ArrayList<>(this.store.place(content, recipients.local(), now));
		PendingMessage sentCopy = null;
		if (sentBy != null) {
			sentCopy = this.store.placeIn(content, sentBy, FolderRole.SENT, true, now);
			pending.add(sentCopy);
		}
		if (!recipients.remote().isEmpty()) {
			this.store.hold(content.id(), OUTBOUND_HOLDER);
			for (String recipient : recipients.remote()) {
				queue(content.id(), envelope, recipient, now);
			}
		}
		return new Stored(content.id(), pending, sentCopy, recipients);
	}

	private void queue(long contentId, Envelope envelope, String recipient, Instant now) {
		this.jdbc.sql("""
				insert into outbound_queue (content_id, sender, recipient, domain, submitted_by, next_attempt_at,
				  created_at, updated_at)
				values (:content, :sender, :recipient, :domain, :submitter, :now, :now, :now)
				""")
			.param("content", contentId)
			.param("sender", envelope.sender())
			.param("recipient", recipient)
			.param("domain", domainOf(recipient))
			.param("submitter", envelope.submitterId())
			// Microseconds, as PostgreSQL keeps them (it would round, the
			// queue's clock truncates).
			.param("now",
					java.time.OffsetDateTime.ofInstant(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
							java.time.ZoneOffset.UTC))
			.update();
	}

	private static String domainOf(String address) {
		return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
	}

}
