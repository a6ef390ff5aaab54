package dev.mailroom.delivery;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PendingMessage;
import dev.mailroom.mailbox.StoredContent;
import dev.mailroom.mailbox.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	SubmissionService(AccountService accounts, MessageStore store, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
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
		Set<Long> localUsers = new LinkedHashSet<>();
		List<String> remote = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (String recipient : new LinkedHashSet<>(envelope.recipients())) {
			Optional<UserAccount> user = this.accounts.resolveRecipient(recipient);
			if (user.isPresent()) {
				localUsers.add(user.get().id());
			}
			else if (this.accounts.isLocalDomain(domainOf(recipient))) {
				log.warn("Recipient {} stopped existing before its message was stored; skipped", recipient);
				skipped.add(recipient);
			}
			else {
				remote.add(recipient);
			}
		}
		if (remote.isEmpty()) {
			if (localUsers.isEmpty()) {
				return new Submission(0, List.of(), List.of(), List.copyOf(skipped));
			}
			// The common case, mail for local users only: batched with concurrent
			// deliveries.
			List<StoredMessage> delivered = this.store.deliver(raw, localUsers, receivedAt);
			return new Submission(delivered.get(0).contentId(), delivered, List.of(), List.copyOf(skipped));
		}
		record Stored(long contentId, List<PendingMessage> pending) {
		}
		Stored stored = this.transactions.execute((status) -> {
			StoredContent content = this.store.storeContent(raw);
			List<PendingMessage> pending = this.store.place(content, localUsers, receivedAt);
			if (!remote.isEmpty()) {
				this.store.hold(content.id(), OUTBOUND_HOLDER);
				for (String recipient : remote) {
					queue(content.id(), envelope, recipient, receivedAt);
				}
			}
			return new Stored(content.id(), pending);
		});
		List<StoredMessage> delivered = this.store.assignUids(stored.pending());
		return new Submission(stored.contentId(), delivered, List.copyOf(remote), List.copyOf(skipped));
	}

	private void queue(long contentId, Envelope envelope, String recipient, Instant now) {
		this.jdbc.sql("""
				insert into outbound_queue (content_id, sender, recipient, domain, submitted_by, next_attempt_at)
				values (:content, :sender, :recipient, :domain, :submitter, :now)
				""")
			.param("content", contentId)
			.param("sender", envelope.sender())
			.param("recipient", recipient)
			.param("domain", domainOf(recipient))
			.param("submitter", envelope.submitterId())
			// Microseconds, as PostgreSQL keeps them (it would round, the queue's clock
			// truncates).
			.param("now",
					java.time.OffsetDateTime.ofInstant(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
							java.time.ZoneOffset.UTC))
			.update();
	}

	private static String domainOf(String address) {
		return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
	}

}
