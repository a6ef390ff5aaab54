package dev.mailroom.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PendingMessage;
import dev.mailroom.mailbox.StoredContent;
import dev.mailroom.mime.Draft;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mail that waits before it goes: "undo send" for a few seconds, or a send time chosen by
 * the user (REST API {@code send_at}). The message is composed and stored when it is
 * scheduled, held in the store under {@code outbox:<id>} so the content sweeper leaves it
 * alone, with a row in {@code outbox}; the draft it was written in leaves the Drafts
 * folder in that same transaction. At its time a worker delivers it exactly as
 * {@link SubmissionService#submitComposed} does (Sent copy, local recipients, outbound
 * queue) and lets go of the hold, in the transaction that deletes the outbox row. A
 * cancelled message goes back to Drafts as it was about to be sent.
 *
 * <p>
 * Exactly once: the worker claims a row with {@code FOR UPDATE SKIP LOCKED} and keeps the
 * lock until its transaction commits, so several Mailroom instances never send one row
 * twice, and a cancel (which deletes the row) either comes first, and the worker never
 * sees the row, or waits for the worker's commit and finds nothing left: too late. A
 * process stopped mid-send rolls back, and the row is sent after the restart.
 */
@Service
public class ScheduledSends {

	static final String HOLDER_PREFIX = "outbox:";

	/** How long a message that could not be delivered waits before the next try. */
	static final Duration RETRY_AFTER = Duration.ofMinutes(1);

	/** Rows one poll sends at most, each in a transaction of its own. */
	static final int BATCH = 100;

	private static final Logger log = LoggerFactory.getLogger(ScheduledSends.class);

	private final SubmissionService submissions;

	private final Drafts drafts;

	private final MessageStore store;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	ScheduledSends(SubmissionService submissions, Drafts drafts, MessageStore store, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
		this.submissions = submissions;
		this.drafts = drafts;
		this.store = store;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Composes the message now and keeps it in the outbox until {@code sendAt}. Its Date
	 * is the send time (now, when that has passed).
	 * @param sendAt when it goes; a time in the past means at the worker's next poll
	 * @param draftMessageId the draft in the user's Drafts folder it was written in,
	 * deleted from there now (a cancel puts the message back); null for none
	 * @throws SubmissionRefusedException when From is not the user's own address or alias
	 * @throws IllegalArgumentException when it cannot be composed or has no recipient
	 */
	public ScheduledSend schedule(long userId, Draft draft, Instant sendAt, Long draftMessageId) {
		Instant now = now();
		Instant at = sendAt.truncatedTo(ChronoUnit.MICROS);
		SubmissionService.Prepared prepared = this.submissions.prepare(userId, draft, at.isAfter(now) ? at : now, now);
		List<String> recipients = prepared.envelope().recipients();
		long id = this.transactions.execute((status) -> {
			StoredContent content = this.store.storeContent(prepared.message());
			long row = this.jdbc.sql("""
					insert into outbox (user_id, content_id, sender, recipients, send_at, draft_message_id, created_at)
					values (:user, :content, :sender, :recipients, :sendAt, :draft, :now)
					returning id
					""")
				.param("user", userId)
				.param("content", content.id())
				.param("sender", prepared.envelope().sender())
				.param("recipients", recipients.toArray(String[]::new))
				.param("sendAt", utc(at))
				.param("draft", draftMessageId)
				.param("now", utc(now))
				.query(Long.class)
				.single();
			this.store.hold(content.id(), HOLDER_PREFIX + row);
			if (draftMessageId != null) {
				this.drafts.delete(userId, draftMessageId);
			}
			return row;
		});
		return new ScheduledSend(id, prepared.composed().messageId(), (draft.subject() != null) ? draft.subject() : "",
				recipients, at, draftMessageId);
	}

	/**
	 * Stops a scheduled message that has not gone yet and puts it back in the user's
	 * Drafts folder as it was about to go: recipients (Bcc from the envelope, by
	 * address), subject, text and HTML, attachments, the thread it answers.
	 * @return cancelled with the draft's id, or too late when it has gone (or there is no
	 * such scheduled message of this user)
	 */
	public Cancellation cancel(long userId, long outboxId) {
		PendingMessage[] reopened = new PendingMessage[1];
		Cancellation result = this.transactions.execute((status) -> {
			// Waits for a worker that holds the row: then the row is gone, and the
			// message with it.
			Optional<Row> row = this.jdbc.sql("""
					delete from outbox where id = :id and user_id = :user
					returning id, user_id, content_id, sender, recipients, draft_message_id
					""").param("id", outboxId).param("user", userId).query(ScheduledSends::row).optional();
			if (row.isEmpty()) {
				return Cancellation.tooLate();
			}
			this.store.release(List.of(row.get().contentId()), HOLDER_PREFIX + outboxId);
			Draft message = this.drafts.read(bytes(row.get().contentId()), row.get().recipients());
			reopened[0] = this.drafts.place(userId, this.drafts.compose(userId, message), now());
			return Cancellation.cancelled(reopened[0].id());
		});
		if (reopened[0] != null) {
			this.store.assignUids(List.of(reopened[0]));
		}
		return result;
	}

	/** The user's messages waiting in the outbox, soonest first. */
	public List<ScheduledSend> scheduled(long userId) {
		return this.jdbc.sql("""
				select o.id, o.recipients, o.send_at, o.draft_message_id, c.message_id, c.subject
				from outbox o join message_contents c on c.id = o.content_id
				where o.user_id = :user order by o.send_at, o.id
				""")
			.param("user", userId)
			.query((rs, row) -> new ScheduledSend(rs.getLong("id"), rs.getString("message_id"), rs.getString("subject"),
					strings(rs.getArray("recipients")), rs.getTimestamp("send_at").toInstant(),
					(Long) rs.getObject("draft_message_id", Long.class)))
			.list();
	}

	/**
	 * Sends what is due, every second; the first poll right after a start sends what was
	 * due while Mailroom was down.
	 */
	@Scheduled(fixedDelayString = "${mailroom.delivery.outbox-interval:1s}",
			initialDelayString = "${mailroom.delivery.outbox-interval:1s}")
	void poll() {
		try {
			sendDue(now());
		}
		catch (RuntimeException ex) {
			log.warn("Outbox run failed; retrying at the next poll", ex);
		}
	}

	/**
	 * Sends the rows due at {@code now}, each in its own transaction, at most
	 * {@value #BATCH}.
	 * @return how many were sent
	 */
	int sendDue(Instant now) {
		int sent = 0;
		while (sent < BATCH && sendOne(now, () -> {
		})) {
			sent++;
		}
		return sent;
	}

	/**
	 * Claims one due row and sends it.
	 * @param beforeCommit runs after the work, before the commit (tests stop the process
	 * there)
	 * @return false when nothing was due
	 */
	boolean sendOne(Instant now, Runnable beforeCommit) {
		Long[] claimed = new Long[1];
		Sent sent;
		try {
			sent = this.transactions.execute((status) -> {
				Optional<Row> due = this.jdbc.sql("""
						select id, user_id, content_id, sender, recipients, draft_message_id from outbox
						where send_at <= :now
						order by send_at, id
						limit 1
						for update skip locked
						""").param("now", utc(now)).query(ScheduledSends::row).optional();
				if (due.isEmpty()) {
					return null;
				}
				Row row = due.get();
				claimed[0] = row.id();
				StoredContent content = this.store.loadContent(row.contentId());
				SubmissionService.Stored stored = this.submissions.deliverStored(content,
						new Envelope(row.sender(), row.recipients(), row.userId()), row.userId(), now);
				this.jdbc.sql("delete from outbox where id = :id").param("id", row.id()).update();
				this.store.release(List.of(row.contentId()), HOLDER_PREFIX + row.id());
				beforeCommit.run();
				return new Sent(content.summary().messageId(), stored);
			});
		}
		catch (RuntimeException ex) {
			if (claimed[0] == null) {
				throw ex;
			}
			// Kept, never dropped: tried again a minute later, and the other rows go on.
			log.warn("Outbox message {} could not be sent; trying again in {}", claimed[0], RETRY_AFTER, ex);
			this.jdbc.sql("update outbox set send_at = :next where id = :id")
				.param("next", utc(now.plus(RETRY_AFTER)))
				.param("id", claimed[0])
				.update();
			return true;
		}
		if (sent == null) {
			return false;
		}
		this.submissions.committed(sent.messageId(), sent.stored());
		return true;
	}

	private record Sent(String messageId, SubmissionService.Stored stored) {
	}

	private record Row(long id, long userId, long contentId, String sender, List<String> recipients,
			Long draftMessageId) {
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("content_id"), rs.getString("sender"),
				strings(rs.getArray("recipients")), rs.getObject("draft_message_id", Long.class));
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	private byte[] bytes(long contentId) {
		try (InputStream in = this.store.openContent(contentId)) {
			byte[] raw = in.readAllBytes();
			// Read as a draft, without the Return-Path line it got for delivery.
			int returnPath = RawMessage.returnPathLength(raw);
			return (returnPath > 0) ? Arrays.copyOfRange(raw, returnPath, raw.length) : raw;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
