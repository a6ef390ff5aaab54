package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.ParsedMessage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound delivery against real SMTP servers on loopback (GreenMail, and a scripted
 * server for the replies GreenMail will not give), with MX lookups through a DNS server
 * on loopback and time driven by a test clock.
 */
@SpringBootTest
class OutboundDeliveryTests {

	static final ScriptedSmtpServer scripted;

	static final GreenMail greenMail;

	static final TestDnsServer dns;

	static {
		try {
			scripted = new ScriptedSmtpServer();
			dns = new TestDnsServer();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		greenMail.start();
	}

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("mailroom.delivery.routes.remote.test", () -> "127.0.0.1:" + scripted.port());
		registry.add("mailroom.delivery.routes.green.test", () -> "127.0.0.1:" + greenMail.getSmtp().getPort());
		registry.add("mailroom.delivery.routes.dead.test", () -> "127.0.0.1:1");
		registry.add("mailroom.delivery.routes.secure.test", () -> "127.0.0.1:" + scripted.port());
		registry.add("mailroom.delivery.require-tls-domains", () -> "secure.test");
		registry.add("mailroom.delivery.dns-servers", () -> "127.0.0.1:" + dns.port());
		registry.add("mailroom.delivery.port", scripted::port);
		registry.add("mailroom.delivery.connect-timeout", () -> "2s");
		registry.add("mailroom.delivery.command-timeout", () -> "10s");
		registry.add("mailroom.delivery.data-timeout", () -> "10s");
		registry.add("mailroom.delivery.max-connections-per-destination", () -> "2");
	}

	@AfterAll
	static void stopServers() throws Exception {
		scripted.close();
		greenMail.stop();
		dns.close();
	}

	@TestConfiguration
	static class TestClock {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.now());
		}

	}

	/** A clock the test moves forward. */
	static final class MutableClock extends Clock {

		private final AtomicReference<Instant> now;

		MutableClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void reset() {
			this.now.set(Instant.now());
		}

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

	@Autowired
	SubmissionService submissions;

	@Autowired
	OutboundQueue queue;

	@Autowired
	AccountService accounts;

	@Autowired
	MessageStore store;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	DkimKeys dkim;

	@BeforeEach
	void resetServers() throws Exception {
		greenMail.purgeEmailFromAllMailboxes();
		this.clock.reset();
		scripted.rcptReply = (address) -> "250 2.1.5 Ok";
		scripted.dataReply = (n) -> "250 2.0.0 Ok: queued";
		// Nothing left due from another test.
		this.jdbc.sql("update outbound_queue set state = 'bounced' where state not in ('delivered', 'bounced')")
			.update();
	}

	@Test
	void deliversToARealServerWithoutTheLocalReturnPath() throws Exception {
		Submission submission = submit("sender@localhost", List.of("friend@green.test"), "회의 자료", "안녕하세요");

		assertThat(this.queue.deliverDue()).isEqualTo(1);

		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		MimeMessage received = greenMail.getReceivedMessagesForDomain("green.test")[0];
		assertThat(received.getSubject()).isEqualTo("회의 자료");
		// GreenMail adds its own, as a final delivery server should; ours must
		// not travel with it.
		assertThat(received.getHeader("Return-Path")).hasSize(1);
		// Mail from a local domain leaves signed with that domain's DKIM key.
		java.io.ByteArrayOutputStream signed = new java.io.ByteArrayOutputStream();
		received.writeTo(signed);
		assertThat(received.getHeader("DKIM-Signature")).hasSize(1);
		// Signed once, when submitted: the stored copy carries the signature already.
		assertThat(this.jdbc.sql("select convert_from(data, 'UTF8') from message_chunks where content_id = :c")
			.param("c", submission.contentId())
			.query(String.class)
			.single()).startsWith("Return-Path: <sender@localhost>\r\nDKIM-Signature: v=1; a=rsa-sha256;");
		assertThat(DkimSignerTests.verify(signed.toByteArray(), this.dkim.record("localhost").value())).singleElement()
			.satisfies((signature) -> assertThat(signature.getDToken()).isEqualTo("localhost"));
		assertThat(this.queue.statusOf(submission.contentId())).singleElement().satisfies((status) -> {
			assertThat(status.state()).isEqualTo("delivered");
			assertThat(status.lastReply()).startsWith("250");
			assertThat(status.deliveredAt()).isNotNull();
		});
		// Delivered everywhere: the stored content is no longer held for the queue.
		assertThat(this.jdbc.sql("select count(*) from content_holds where content_id = :c")
			.param("c", submission.contentId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void deliversAKoreanMessageComposedHereWithItsAttachmentAndKeepsASentCopy() throws Exception {
		UserAccount writer = this.accounts.createUser("writer@localhost", "writer-password", "김작가", false);
		UserAccount reader = this.accounts.createUser("reader@localhost", "reader-password", null, false);
		byte[] pdf = "%PDF-1.4 견적".getBytes(StandardCharsets.UTF_8);
		Draft draft = new Draft(new Mailbox("김작가", "writer@localhost"),
				List.of(new Mailbox("받는이", "partner@green.test"), new Mailbox(null, "reader@localhost")), List.of(),
				List.of(), List.of(), "견적서를 보내 드립니다", "안녕하세요. 요청하신 견적서를 첨부합니다. 확인 부탁드립니다.", null,
				List.of(new Attachment("견적서 2026.pdf", "application/pdf", pdf, false, null)), null, List.of(),
				java.util.Map.of());

		ComposedSubmission sent = this.submissions.submitComposed(writer.id(), draft, this.clock.instant());
		this.queue.deliverDue();

		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		MimeMessage received = java.util.Arrays.stream(greenMail.getReceivedMessagesForDomain("green.test"))
			.filter((message) -> {
				try {
					return ("<" + sent.messageId() + ">").equals(message.getMessageID());
				}
				catch (jakarta.mail.MessagingException ex) {
					throw new IllegalStateException(ex);
				}
			})
			.findFirst()
			.orElseThrow();
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		received.writeTo(bytes);
		ParsedMessage parsed = new MimeParser().parse(new ByteArrayInputStream(bytes.toByteArray()));
		assertThat(parsed.summary().subject()).isEqualTo("견적서를 보내 드립니다");
		assertThat(parsed.summary().from()).containsExactly(new Mailbox("김작가", "writer@localhost"));
		assertThat(parsed.summary().preview()).isEqualTo("안녕하세요. 요청하신 견적서를 첨부합니다. 확인 부탁드립니다.");
		assertThat(parsed.body().children()).anySatisfy((part) -> {
			assertThat(part.filename()).isEqualTo("견적서 2026.pdf");
			assertThat(part.size()).isEqualTo(pdf.length);
		});
		// Mostly Hangul: base64 is shorter than quoted-printable.
		assertThat(bytes.toString(StandardCharsets.US_ASCII)).contains("Content-Transfer-Encoding: base64");

		assertThat(sent.submission().delivered()).extracting(StoredMessage::userId).containsExactly(reader.id());
		assertThat(sent.sentCopy().userId()).isEqualTo(writer.id());
		assertThat(this.jdbc.sql("""
				select f.role || ':' || m.seen from messages m join folders f on f.id = m.folder_id where m.id = :id
				""").param("id", sent.sentCopy().id()).query(String.class).single()).isEqualTo("sent:true");
	}

	@Test
	void refusesToSendAsSomeoneElse() {
		UserAccount mallory = this.accounts.createUser("mallory@localhost", "mallory-password", null, false);
		Draft draft = new Draft(new Mailbox(null, "admin@localhost"), List.of(new Mailbox(null, "x@green.test")),
				List.of(), List.of(), List.of(), "hi", "body", null, List.of(), null, List.of(), java.util.Map.of());

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.submissions.submitComposed(mallory.id(), draft, this.clock.instant()))
			.isInstanceOf(SubmissionRefusedException.class);
	}

	@Test
	void sweepingOldContentsSparesMailTheQueueStillNames() throws Exception {
		Submission submission = submit("sender@localhost", List.of("kept@green.test"), "swept?", "body");
		this.queue.deliverDue();
		this.jdbc.sql("update message_contents set created_at = now() - interval '2 hours' where id = :id")
			.param("id", submission.contentId())
			.update();

		// Remote-only mail has no folder copy and, once delivered, no hold:
		// only its queue row.
		this.store.deleteUnreferencedContents();

		assertThat(this.jdbc.sql("select count(*) from message_contents where id = :id")
			.param("id", submission.contentId())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void sendsThreeRecipientsOfOneDomainInOneTransaction() throws Exception {
		int before = scripted.transactions.get();
		Submission submission = submit("sender@localhost", List.of("a@remote.test", "b@remote.test", "c@remote.test"),
				"three", "body");

		this.queue.deliverDue();

		assertThat(scripted.transactions.get() - before).isEqualTo(1);
		ScriptedSmtpServer.Transaction transaction = scripted.accepted.get(scripted.accepted.size() - 1);
		assertThat(transaction.sender()).isEqualTo("sender@localhost");
		assertThat(transaction.recipients()).containsExactlyInAnyOrder("a@remote.test", "b@remote.test",
				"c@remote.test");
		assertThat(this.queue.statusOf(submission.contentId())).extracting(RecipientStatus::state)
			.containsOnly("delivered");
	}

	@Test
	void sendsSeveralMessagesForOneDestinationOverFewConnections() throws Exception {
		int connectionsBefore = scripted.connections.get();
		int transactionsBefore = scripted.transactions.get();
		for (int i = 0; i < 6; i++) {
			submit("sender@localhost", List.of("many" + i + "@remote.test"), "many " + i, "body");
		}

		assertThat(this.queue.deliverDue()).isEqualTo(6);

		assertThat(scripted.transactions.get() - transactionsBefore).isEqualTo(6);
		// At most the per-destination limit (2 by default), not one connection
		// per message.
		assertThat(scripted.connections.get() - connectionsBefore).isBetween(1, 2);
	}

	@Test
	void retriesATemporaryFailureAfterTheBackoff() throws Exception {
		int before = scripted.transactions.get();
		scripted.dataReply = (n) -> (n == before) ? "451 4.3.0 Try again later" : "250 2.0.0 Ok";
		Submission submission = submit("sender@localhost", List.of("later@remote.test"), "retry", "body");

		this.queue.deliverDue();

		RecipientStatus deferred = this.queue.statusOf(submission.contentId()).get(0);
		assertThat(deferred.state()).isEqualTo("deferred");
		assertThat(deferred.lastReply()).contains("451");
		assertThat(deferred.nextAttempt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MICROS));
		assertThat(this.queue.deliverDue()).as("not due before the backoff").isZero();

		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.queue.deliverDue()).isEqualTo(1);

		RecipientStatus delivered = this.queue.statusOf(submission.contentId()).get(0);
		assertThat(delivered.state()).isEqualTo("delivered");
		assertThat(delivered.attempts()).isEqualTo(2);
	}

	@Test
	void bouncesAPermanentRefusalWithTheReply() throws Exception {
		scripted.rcptReply = (address) -> address.startsWith("nobody") ? "550 5.1.1 No such user here" : "250 Ok";
		Submission submission = submit("sender@localhost", List.of("nobody@remote.test", "somebody@remote.test"),
				"partly", "body");

		this.queue.deliverDue();

		assertThat(this.queue.statusOf(submission.contentId())).satisfiesExactlyInAnyOrder((status) -> {
			assertThat(status.recipient()).isEqualTo("nobody@remote.test");
			assertThat(status.state()).isEqualTo("bounced");
			assertThat(status.lastReply()).contains("550").contains("No such user here");
		}, (status) -> {
			assertThat(status.recipient()).isEqualTo("somebody@remote.test");
			assertThat(status.state()).isEqualTo("delivered");
		});
	}

	@Test
	void returnsADeliveryStatusNotificationToALocalSender() throws Exception {
		scripted.rcptReply = (address) -> "550 5.1.1 <" + address + ">: Recipient address rejected";
		submit("dsn-sender@localhost", List.of("gone@remote.test"), "보고서", "body");

		this.queue.deliverDue();

		long sender = this.accounts.findUser("dsn-sender@localhost").orElseThrow().id();
		String report = this.jdbc
			.sql("""
					select convert_from(ch.data, 'UTF8') from messages m join message_chunks ch on ch.content_id = m.content_id
					join message_contents c on c.id = m.content_id
					where m.user_id = :user and c.subject = 'Undelivered Mail Returned to Sender'
					""")
			.param("user", sender)
			.query(String.class)
			.single();
		assertThat(report).contains("Return-Path: <>")
			.contains("Content-Type: multipart/report; report-type=delivery-status;")
			.contains("Final-Recipient: rfc822; gone@remote.test")
			.contains("Action: failed")
			.contains("Status: 5.1.1")
			.contains("Diagnostic-Code: smtp; 550 5.1.1 <gone@remote.test>: Recipient address rejected")
			.contains("Content-Type: text/rfc822-headers")
			.contains("Subject: =?UTF-8?B?");
	}

	@Test
	void neverBouncesABounce() throws Exception {
		scripted.rcptReply = (address) -> "550 5.1.1 No such user";
		long before = this.jdbc.sql("select count(*) from message_contents").query(Long.class).single();
		Envelope nullSender = new Envelope("", List.of("gone2@remote.test"), null);
		Submission submission = this.submissions.submit(nullSender,
				new ByteArrayInputStream("Subject: a bounce\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)),
				this.clock.instant());

		this.queue.deliverDue();

		assertThat(this.queue.statusOf(submission.contentId()).get(0).state()).isEqualTo("bounced");
		assertThat(this.jdbc.sql("select count(*) from message_contents").query(Long.class).single())
			.as("no report was stored")
			.isEqualTo(before + 1);
	}

	@Test
	void retriesWhatAKilledWorkerLeftClaimed() throws Exception {
		Submission submission = submit("sender@localhost", List.of("crash@remote.test"), "crash", "body");
		// A worker claimed the recipient and died before it could record anything.
		this.jdbc.sql("""
				update outbound_queue set state = 'delivering', attempts = 1, locked_until = :lease
				where content_id = :content
				""")
			.param("lease",
					java.time.OffsetDateTime.ofInstant(this.clock.instant().plus(Duration.ofMinutes(15)),
							ZoneOffset.UTC))
			.param("content", submission.contentId())
			.update();

		assertThat(this.queue.deliverDue()).as("still leased").isZero();
		this.clock.advance(Duration.ofMinutes(16));
		assertThat(this.queue.deliverDue()).isEqualTo(1);

		assertThat(this.queue.statusOf(submission.contentId()).get(0)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo("delivered");
			assertThat(status.attempts()).isEqualTo(2);
		});
	}

	@Test
	void defersInsteadOfSendingInPlainTextWhereTlsIsRequired() throws Exception {
		int before = scripted.transactions.get();
		Submission submission = submit("sender@localhost", List.of("x@secure.test"), "secret", "body");

		this.queue.deliverDue();

		assertThat(scripted.transactions.get()).isEqualTo(before);
		RecipientStatus status = this.queue.statusOf(submission.contentId()).get(0);
		assertThat(status.state()).isEqualTo("deferred");
		assertThat(status.lastReply()).containsIgnoringCase("STARTTLS");
	}

	@Test
	void defersWhenNoServerAnswersAndBouncesAfterMaxAge() throws Exception {
		Submission submission = submit("sender@localhost", List.of("x@dead.test"), "dead", "body");

		this.queue.deliverDue();
		RecipientStatus deferred = this.queue.statusOf(submission.contentId()).get(0);
		assertThat(deferred.state()).isEqualTo("deferred");
		assertThat(deferred.lastReply()).startsWith("No host answered");

		this.clock.advance(Duration.ofDays(6));
		this.queue.deliverDue();

		RecipientStatus bounced = this.queue.statusOf(submission.contentId()).get(0);
		assertThat(bounced.state()).isEqualTo("bounced");
		assertThat(bounced.lastReply()).startsWith("Gave up after 5 days");
	}

	@Test
	void findsTheServerByMxInPreferenceOrder() throws Exception {
		// The preferred exchanger refuses connections; the next one takes the mail.
		dns.mx("mx.test", new TestDnsServer.Mx(10, "127.0.0.2"), new TestDnsServer.Mx(20, "127.0.0.1"));
		int before = scripted.transactions.get();
		Submission submission = submit("sender@localhost", List.of("someone@mx.test"), "by mx", "body");

		this.queue.deliverDue();

		assertThat(scripted.transactions.get() - before).isEqualTo(1);
		assertThat(this.queue.statusOf(submission.contentId()).get(0).state()).isEqualTo("delivered");
	}

	@Test
	void bouncesForANullMxAndForADomainThatDoesNotExist() throws Exception {
		dns.mx("nullmx.test", new TestDnsServer.Mx(0, "."));
		Submission nullMx = submit("sender@localhost", List.of("a@nullmx.test"), "null mx", "body");
		Submission missing = submit("sender@localhost", List.of("a@missing.test"), "missing", "body");

		this.queue.deliverDue();

		assertThat(this.queue.statusOf(nullMx.contentId()).get(0)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo("bounced");
			assertThat(status.lastReply()).contains("null MX");
		});
		assertThat(this.queue.statusOf(missing.contentId()).get(0)).satisfies((status) -> {
			assertThat(status.state()).isEqualTo("bounced");
			assertThat(status.lastReply()).contains("does not exist");
		});
	}

	@Test
	void twoWorkersOnOneDatabaseDeliverEachRecipientOnce() throws Exception {
		List<String> recipients = new java.util.ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String recipient = "once" + i + "@remote.test";
			recipients.add(recipient);
			submit("sender@localhost", List.of(recipient), "once " + i, "body");
		}
		OutboundQueue second = new OutboundQueue(this.queue.properties(), this.jdbc, this.store, this.submissions,
				this.dkim, this.clock, null, "second.test");
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> first = pool.submit(() -> this.queue.deliverDue());
			Future<Integer> other = pool.submit(second::deliverDue);
			assertThat(first.get() + other.get()).isEqualTo(30);
		}
		finally {
			pool.shutdownNow();
			second.destroy();
		}
		for (String recipient : recipients) {
			assertThat(scripted.deliveriesPerRecipient.get(recipient)).as(recipient).hasValue(1);
		}
	}

	private Submission submit(String sender, List<String> recipients, String subject, String body) throws Exception {
		if (this.accounts.findUser(sender).isEmpty()) {
			this.accounts.createUser(sender, "sender-password", null, false);
		}
		String raw = "Return-Path: <" + sender + ">\r\nFrom: " + sender + "\r\nTo: " + String.join(", ", recipients)
				+ "\r\nSubject: =?UTF-8?B?"
				+ java.util.Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
				+ "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
				+ "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
		Envelope envelope = new Envelope(sender, recipients, this.accounts.findUser(sender).get().id());
		return this.submissions.submit(envelope, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
				this.clock.instant());
	}

}
