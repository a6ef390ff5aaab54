package dev.mailroom.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Undo send and scheduled send: the outbox on the embedded PostgreSQL. Messages are
 * scheduled an hour ahead, out of reach of the application's own worker, and sent by
 * calling the worker with a clock past their time, except where the running worker itself
 * is what is tested.
 */
@SpringBootTest
class OutboxTests {

	@Autowired
	ScheduledSends outbox;

	@Autowired
	Drafts drafts;

	@Autowired
	SubmissionService submissions;

	@Autowired
	MessageStore store;

	@Autowired
	MessageService messages;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	private UserAccount kim;

	private UserAccount lee;

	private UserAccount park;

	@BeforeEach
	void users() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.kim = this.accounts.createUser("kim-" + suffix + "@localhost", "kim-password", "김철수", false);
		this.lee = this.accounts.createUser("lee-" + suffix + "@localhost", "lee-password", "이영희", false);
		this.park = this.accounts.createUser("park-" + suffix + "@localhost", "park-password", "박지민", false);
	}

	private Draft draft(String subject, List<Attachment> attachments) {
		return new Draft(new Mailbox("김철수", this.kim.email()), List.of(new Mailbox("이영희", this.lee.email())), List.of(),
				List.of(new Mailbox("박지민", this.park.email())), List.of(), subject, "내일 봬요.", null, attachments, null,
				List.of(), Map.of());
	}

	private static Instant later() {
		return Instant.now().plus(Duration.ofHours(1));
	}

	private static Instant pastThat() {
		return Instant.now().plus(Duration.ofHours(2));
	}

	private long count(UserAccount user, FolderRole role, String subject) {
		return this.jdbc.sql("""
				select count(*) from messages m join folders f on f.id = m.folder_id
				join message_contents c on c.id = m.content_id
				where m.user_id = :user and f.role = :role and c.subject = :subject and m.uid is not null
				""")
			.param("user", user.id())
			.param("role", role.name().toLowerCase(java.util.Locale.ROOT))
			.param("subject", subject)
			.query(Long.class)
			.single();
	}

	private boolean rowExists(long id) {
		return this.jdbc.sql("select exists (select 1 from outbox where id = :id)")
			.param("id", id)
			.query(Boolean.class)
			.single();
	}

	private boolean held(long id) {
		return this.jdbc.sql("select exists (select 1 from content_holds where holder = :holder)")
			.param("holder", "outbox:" + id)
			.query(Boolean.class)
			.single();
	}

	@Test
	void aScheduledMessageWaitsThenGoesOnceWithItsSentCopy() {
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("회의 일정", List.of()), later(), null);

		assertThat(rowExists(scheduled.id())).isTrue();
		assertThat(held(scheduled.id())).isTrue();
		assertThat(scheduled.recipients()).containsExactly(this.lee.email(), this.park.email());
		assertThat(this.outbox.scheduled(this.kim.id())).extracting(ScheduledSend::subject).containsExactly("회의 일정");
		assertThat(count(this.lee, FolderRole.INBOX, "회의 일정")).isZero();
		assertThat(count(this.kim, FolderRole.SENT, "회의 일정")).isZero();
		// Not due yet for the worker's own clock.
		this.outbox.sendDue(Instant.now());
		assertThat(rowExists(scheduled.id())).isTrue();

		assertThat(this.outbox.sendDue(pastThat())).isGreaterThanOrEqualTo(1);
		this.outbox.sendDue(pastThat());

		assertThat(count(this.lee, FolderRole.INBOX, "회의 일정")).isEqualTo(1);
		assertThat(count(this.park, FolderRole.INBOX, "회의 일정")).isEqualTo(1);
		assertThat(count(this.kim, FolderRole.SENT, "회의 일정")).isEqualTo(1);
		assertThat(rowExists(scheduled.id())).isFalse();
		assertThat(held(scheduled.id())).isFalse();
		assertThat(this.outbox.scheduled(this.kim.id())).isEmpty();
		assertThat(this.outbox.cancel(this.kim.id(), scheduled.id()).outcome())
			.isEqualTo(Cancellation.Outcome.TOO_LATE);
	}

	@Test
	void theMessageIsDatedItsSendTimeAndBccStaysOutOfIt() throws Exception {
		Instant at = later();
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("날짜", List.of()), at, null);
		this.outbox.sendDue(pastThat());

		long id = this.jdbc.sql("""
				select m.id from messages m join message_contents c on c.id = m.content_id
				where m.user_id = :user and c.message_id = :messageId
				""").param("user", this.lee.id()).param("messageId", scheduled.messageId()).query(Long.class).single();
		assertThat(this.messages.find(this.lee.id(), id).orElseThrow().sentDate())
			.isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		try (var raw = this.store.openRaw(this.lee.id(), id).orElseThrow()) {
			assertThat(new String(raw.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
				.doesNotContainIgnoringCase("bcc:")
				.doesNotContain(this.park.email());
		}
	}

	@Test
	void cancellingPutsTheMessageBackInDraftsWithBccAndAttachments() {
		byte[] pdf = "%PDF-1.4 보고서".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		long earlierDraft = this.drafts.save(this.kim.id(), draft("보고", List.of()), null);
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(),
				draft("보고", List.of(Attachment.file("보고서 최종.pdf", "application/pdf", pdf))), later(), earlierDraft);
		// The draft it was written in leaves Drafts while the message waits.
		assertThat(this.drafts.open(this.kim.id(), earlierDraft)).isEmpty();

		Cancellation cancellation = this.outbox.cancel(this.kim.id(), scheduled.id());

		assertThat(cancellation.cancelled()).isTrue();
		Draft reopened = this.drafts.open(this.kim.id(), cancellation.draftMessageId()).orElseThrow();
		assertThat(reopened.subject()).isEqualTo("보고");
		assertThat(reopened.to()).containsExactly(new Mailbox("이영희", this.lee.email()));
		assertThat(reopened.bcc()).extracting(Mailbox::address).containsExactly(this.park.email());
		assertThat(reopened.text()).isEqualTo("내일 봬요.");
		assertThat(reopened.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.filename()).isEqualTo("보고서 최종.pdf");
			assertThat(attachment.content()).isEqualTo(pdf);
		});
		assertThat(this.messages.find(this.kim.id(), cancellation.draftMessageId()).orElseThrow().item().draft())
			.isTrue();
		assertThat(rowExists(scheduled.id())).isFalse();
		assertThat(held(scheduled.id())).isFalse();

		this.outbox.sendDue(pastThat());
		assertThat(count(this.lee, FolderRole.INBOX, "보고")).isZero();
		assertThat(count(this.kim, FolderRole.SENT, "보고")).isZero();
		assertThat(count(this.kim, FolderRole.DRAFTS, "보고")).isEqualTo(1);
	}

	@Test
	void nobodyElseCanCancelIt() {
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("남의 것", List.of()), later(), null);

		assertThat(this.outbox.cancel(this.lee.id(), scheduled.id()).cancelled()).isFalse();
		assertThat(this.outbox.scheduled(this.lee.id())).isEmpty();

		this.outbox.sendDue(pastThat());
		assertThat(count(this.lee, FolderRole.INBOX, "남의 것")).isEqualTo(1);
	}

	@Test
	void aCancelRacingTheWorkerHasExactlyOneOutcome() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			int cancelled = 0;
			int sent = 0;
			for (int i = 0; i < 20; i++) {
				String subject = "경주 " + i;
				ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft(subject, List.of()), later(), null);
				CyclicBarrier start = new CyclicBarrier(2);
				Future<Integer> worker = threads.submit(() -> {
					start.await();
					return this.outbox.sendDue(pastThat());
				});
				Future<Cancellation> cancel = threads.submit(() -> {
					start.await();
					return this.outbox.cancel(this.kim.id(), scheduled.id());
				});
				worker.get();
				Cancellation outcome = cancel.get();
				// Whoever came second finds nothing left to do.
				this.outbox.sendDue(pastThat());

				long delivered = count(this.lee, FolderRole.INBOX, subject);
				long sentCopies = count(this.kim, FolderRole.SENT, subject);
				long drafts = count(this.kim, FolderRole.DRAFTS, subject);
				if (outcome.cancelled()) {
					cancelled++;
					assertThat(delivered).as(subject).isZero();
					assertThat(sentCopies).as(subject).isZero();
					assertThat(drafts).as(subject).isEqualTo(1);
				}
				else {
					sent++;
					assertThat(delivered).as(subject).isEqualTo(1);
					assertThat(sentCopies).as(subject).isEqualTo(1);
					assertThat(drafts).as(subject).isZero();
				}
				assertThat(rowExists(scheduled.id())).isFalse();
				assertThat(held(scheduled.id())).isFalse();
			}
			assertThat(cancelled + sent).isEqualTo(20);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aSendStoppedBeforeItsCommitLeavesNothingAndGoesOnTheNextRun() {
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("중단", List.of()), later(), null);

		// The process dies after the work, before the commit: all of it rolls back.
		this.outbox.sendOne(pastThat(), () -> {
			throw new IllegalStateException("killed");
		});

		assertThat(rowExists(scheduled.id())).isTrue();
		assertThat(held(scheduled.id())).isTrue();
		assertThat(count(this.lee, FolderRole.INBOX, "중단")).isZero();
		assertThat(count(this.kim, FolderRole.SENT, "중단")).isZero();

		// A new instance, as after a restart, sends it: once. (A failure the process
		// lives through puts the row a minute later; a real crash leaves it as it was.)
		ScheduledSends restarted = new ScheduledSends(this.submissions, this.drafts, this.store, this.jdbc,
				this.transactions);
		Instant afterRetry = pastThat().plus(Duration.ofMinutes(2));
		restarted.sendDue(afterRetry);
		restarted.sendDue(afterRetry);
		assertThat(count(this.lee, FolderRole.INBOX, "중단")).isEqualTo(1);
		assertThat(count(this.kim, FolderRole.SENT, "중단")).isEqualTo(1);
		assertThat(rowExists(scheduled.id())).isFalse();
	}

	@Test
	void theRunningWorkerSendsWhatIsDueWithinSeconds() throws Exception {
		// Due already, as rows are after a restart: the application's own worker
		// takes it at its next poll.
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("바로", List.of()),
				Instant.now().minusSeconds(5), null);
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (count(this.lee, FolderRole.INBOX, "바로") == 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(count(this.lee, FolderRole.INBOX, "바로")).isEqualTo(1);
		assertThat(count(this.kim, FolderRole.SENT, "바로")).isEqualTo(1);
		assertThat(rowExists(scheduled.id())).isFalse();
	}

	@Test
	void theContentSweeperLeavesWaitingMailAlone() {
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("보관", List.of()), later(), null);
		long content = this.jdbc.sql("select content_id from outbox where id = :id")
			.param("id", scheduled.id())
			.query(Long.class)
			.single();
		this.jdbc.sql("update message_contents set created_at = now() - interval '2 hours' where id = :id")
			.param("id", content)
			.update();

		this.store.deleteUnreferencedContents();

		this.outbox.sendDue(pastThat());
		assertThat(count(this.lee, FolderRole.INBOX, "보관")).isEqualTo(1);
	}

	@Test
	void schedulingChecksTheSenderAndTheRecipients() {
		Draft someoneElse = new Draft(new Mailbox(null, this.lee.email()), List.of(new Mailbox(null, this.kim.email())),
				List.of(), List.of(), List.of(), "x", "x", null, List.of(), null, List.of(), Map.of());
		assertThatThrownBy(() -> this.outbox.schedule(this.kim.id(), someoneElse, later(), null))
			.isInstanceOf(SubmissionRefusedException.class);
		Draft nobody = new Draft(new Mailbox(null, this.kim.email()), List.of(), List.of(), List.of(), List.of(), "x",
				"x", null, List.of(), null, List.of(), Map.of());
		assertThatThrownBy(() -> this.outbox.schedule(this.kim.id(), nobody, later(), null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(this.outbox.scheduled(this.kim.id())).isEmpty();
	}

	@Test
	void mailThatCannotBeDeliveredStaysAndIsTriedAgainLater() {
		ScheduledSend scheduled = this.outbox.schedule(this.kim.id(), draft("재시도", List.of()), later(), null);
		// Lee's INBOX disappears: placing the copy fails.
		this.jdbc.sql("update folders set role = null where user_id = :user and role = 'inbox'")
			.param("user", this.lee.id())
			.update();
		try {
			this.outbox.sendDue(pastThat());
			assertThat(rowExists(scheduled.id())).isTrue();
			assertThat(held(scheduled.id())).isTrue();
			assertThat(count(this.kim, FolderRole.SENT, "재시도")).isZero();
		}
		finally {
			this.jdbc.sql("update folders set role = 'inbox' where user_id = :user and name = 'INBOX'")
				.param("user", this.lee.id())
				.update();
		}
		this.outbox.sendDue(pastThat().plus(Duration.ofMinutes(2)));
		assertThat(count(this.lee, FolderRole.INBOX, "재시도")).isEqualTo(1);
		assertThat(count(this.kim, FolderRole.SENT, "재시도")).isEqualTo(1);
	}

	@Test
	void savingADraftReplacesItsEarlierVersion() {
		Draft first = draft("초안", List.of());
		long one = this.drafts.save(this.kim.id(), first, null);
		Draft second = new Draft(first.from(), List.of(new Mailbox("이영희", this.lee.email()), new Mailbox(null, "lee@")),
				List.of(), first.bcc(), List.of(), "초안", "고친 내용", "<p>고친 <b>내용</b></p>",
				List.of(Attachment.file("표.csv", "text/csv", "a,b".getBytes())), null, List.of(), Map.of());
		long two = this.drafts.save(this.kim.id(), second, one);

		assertThat(this.drafts.open(this.kim.id(), one)).isEmpty();
		assertThat(count(this.kim, FolderRole.DRAFTS, "초안")).isEqualTo(1);
		Draft read = this.drafts.open(this.kim.id(), two).orElseThrow();
		// The half-typed address is left out, the rest kept.
		assertThat(read.to()).containsExactly(new Mailbox("이영희", this.lee.email()));
		assertThat(read.bcc()).containsExactly(new Mailbox("박지민", this.park.email()));
		assertThat(read.text()).isEqualTo("고친 내용");
		assertThat(read.html()).isEqualTo("<p>고친 <b>내용</b></p>");
		assertThat(read.attachments()).extracting(Attachment::filename).containsExactly("표.csv");
		// Only drafts: a message elsewhere is neither opened nor replaced as one.
		assertThat(this.drafts.open(this.lee.id(), two)).isEmpty();
		assertThat(this.drafts.delete(this.lee.id(), two)).isFalse();
		List<Long> ids = new ArrayList<>(List.of(two));
		assertThat(this.drafts.delete(this.kim.id(), ids.get(0))).isTrue();
		assertThat(count(this.kim, FolderRole.DRAFTS, "초안")).isZero();
	}

}
