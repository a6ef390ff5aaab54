package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delivery into the store and reading back, on the embedded PostgreSQL. */
@SpringBootTest
class MessageStoreTests {

	private static final Instant NOW = Instant.parse("2026-11-27T01:02:03Z");

	@Autowired
	MessageStore store;

	@Autowired
	AccountService accounts;

	@Autowired
	MailboxService mailboxes;

	@Autowired
	JdbcClient jdbc;

	@Test
	void storesOneCopyOfTheRawBytesForAllRecipients() throws IOException {
		List<Long> users = List.of(user("share1").id(), user("share2").id(), user("share3").id());
		byte[] raw = message("<share@example.test>", null, "=?UTF-8?B?7ZWc6riA?=", "같이 보는 편지");

		List<StoredMessage> stored = this.store.deliver(new ByteArrayInputStream(raw), users, NOW);

		assertThat(stored).hasSize(3).extracting(StoredMessage::userId).containsExactlyInAnyOrderElementsOf(users);
		assertThat(stored).extracting(StoredMessage::contentId).containsOnly(stored.get(0).contentId());
		assertThat(this.jdbc.sql("select count(*) from message_chunks where content_id = :id")
			.param("id", stored.get(0).contentId())
			.query(Long.class)
			.single()).isEqualTo(1);
		for (StoredMessage message : stored) {
			try (InputStream in = this.store.openRaw(message.userId(), message.id()).orElseThrow()) {
				assertThat(in.readAllBytes()).isEqualTo(raw);
			}
		}
		assertThat(this.jdbc.sql("select subject from message_contents where id = :id")
			.param("id", stored.get(0).contentId())
			.query(String.class)
			.single()).isEqualTo("한글");
	}

	@Test
	void givesIncreasingUidsAndModSeqsInTheInbox() {
		long user = user("uids").id();

		StoredMessage first = deliver(user, message("<u1@example.test>", null, "one", "1"));
		StoredMessage second = deliver(user, message("<u2@example.test>", null, "two", "2"));

		assertThat(first.uid()).isEqualTo(1);
		assertThat(second.uid()).isEqualTo(2);
		assertThat(second.modSeq()).isGreaterThan(first.modSeq());
		Folder inbox = inboxOf(user);
		assertThat(second.folderId()).isEqualTo(inbox.id());
		assertThat(inbox.uidNext()).isEqualTo(3);
		assertThat(inbox.highestModSeq()).isEqualTo(second.modSeq());
	}

	@Test
	void threadsRepliesWithTheirParentButNotAcrossUsers() {
		long alice = user("thread-a").id();
		long bob = user("thread-b").id();
		StoredMessage parent = deliver(alice, message("<parent@example.test>", null, "Plan", "first"));
		StoredMessage unrelated = deliver(alice, message("<other@example.test>", null, "Other", "x"));

		StoredMessage reply = deliver(alice,
				message("<reply@example.test>", "<parent@example.test>", "Re: Plan", "ok"));
		StoredMessage bobsReply = deliver(bob,
				message("<reply2@example.test>", "<parent@example.test>", "Re: Plan", "ok"));

		assertThat(reply.threadId()).isEqualTo(parent.threadId());
		assertThat(unrelated.threadId()).isNotEqualTo(parent.threadId());
		assertThat(bobsReply.threadId()).isNotEqualTo(parent.threadId());
	}

	@Test
	void streamsLargeMessagesThroughChunks() throws IOException {
		long user = user("large").id();
		byte[] body = new byte[3 * ChunkedContentWriter.CHUNK_SIZE + 12345];
		Random random = new Random(42);
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ((i % 77 == 76) ? '\n' : 'a' + random.nextInt(26));
		}
		byte[] raw = concat(message("<large@example.test>", null, "Large", ""), body);

		StoredMessage stored = deliver(user, raw);

		assertThat(this.jdbc.sql("select count(*) from message_chunks where content_id = :id")
			.param("id", stored.contentId())
			.query(Long.class)
			.single()).isEqualTo(4);
		try (InputStream in = this.store.openRaw(user, stored.id()).orElseThrow()) {
			assertThat(in.readAllBytes()).isEqualTo(raw);
		}
		assertThat(this.jdbc.sql("select size from messages where id = :id")
			.param("id", stored.id())
			.query(Long.class)
			.single()).isEqualTo(raw.length);
	}

	@Test
	void neverOpensAnotherUsersMessage() {
		long owner = user("owner").id();
		long stranger = user("stranger").id();
		StoredMessage stored = deliver(owner, message("<mine@example.test>", null, "Mine", "private"));

		assertThat(this.store.openRaw(stranger, stored.id())).isEmpty();
		assertThat(this.store.openRaw(owner, stored.id())).isPresent();
	}

	@Test
	void storesNothingWhenARecipientCannotReceive() {
		long user = user("atomic").id();
		long contentsBefore = count("message_contents");

		assertThatThrownBy(() -> this.store.deliver(new ByteArrayInputStream(message("<a@x>", null, "s", "b")),
				List.of(user, -1L), NOW))
			.isInstanceOf(IllegalArgumentException.class);

		assertThat(count("message_contents")).isEqualTo(contentsBefore);
		assertThat(inboxOf(user).uidNext()).isEqualTo(1);
	}

	@Test
	void parallelDeliveriesToOneInboxGetDistinctUids() throws Exception {
		long user = user("parallel").id();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<StoredMessage>> futures = new java.util.ArrayList<>();
			for (int i = 0; i < 40; i++) {
				int n = i;
				futures.add(pool.submit(() -> deliver(user, message("<p" + n + "@x>", null, "p" + n, "b"))));
			}
			List<Long> uids = new java.util.ArrayList<>();
			for (Future<StoredMessage> future : futures) {
				uids.add(future.get().uid());
			}
			assertThat(uids).doesNotHaveDuplicates().hasSize(40).allMatch((uid) -> uid >= 1 && uid <= 40);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void mailWrittenHereGetsAReadSentCopyBesideTheInboxCopies() {
		long sender = user("writer").id();
		long other = user("reader").id();
		byte[] small = message("<written@x>", null, "=?UTF-8?B?7J6R7ISx?=", "보낸 편지");
		byte[] large = concat(message("<written-large@x>", null, "big", ""),
				new byte[ChunkedContentWriter.CHUNK_SIZE + 10]);

		for (byte[] raw : List.of(small, large)) {
			// Written to themselves and someone else: two copies for the sender.
			DeliveredCopies copies = this.store.deliverWritten(new ByteArrayInputStream(raw), List.of(sender, other),
					sender, NOW);

			assertThat(copies.recipients()).extracting(StoredMessage::userId).containsExactlyInAnyOrder(sender, other);
			assertThat(copies.recipients()).extracting(StoredMessage::folderId)
				.containsExactlyInAnyOrder(inboxOf(sender).id(), inboxOf(other).id());
			assertThat(copies.sent().userId()).isEqualTo(sender);
			assertThat(copies.sent().folderId()).isEqualTo(folderOf(sender, FolderRole.SENT).id());
			assertThat(copies.sent().uid()).isPositive();
			assertThat(seen(copies.sent().id())).isTrue();
			assertThat(copies.recipients()).allSatisfy((message) -> assertThat(seen(message.id())).isFalse());
			try (InputStream in = this.store.openRaw(sender, copies.sent().id()).orElseThrow()) {
				assertThat(in.readAllBytes()).isEqualTo(raw);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	@Test
	void sweepsContentsNobodyHoldsAnyMore() {
		UserAccount user = user("sweep");
		StoredMessage stored = deliver(user.id(), message("<sweep@x>", null, "s", "b"));
		this.accounts.deleteUser(user.email());
		this.jdbc.sql("update message_contents set created_at = now() - interval '2 hours' where id = :id")
			.param("id", stored.contentId())
			.update();

		assertThat(this.store.deleteUnreferencedContents()).isGreaterThanOrEqualTo(1);

		assertThat(this.jdbc.sql("select count(*) from message_chunks where content_id = :id")
			.param("id", stored.contentId())
			.query(Long.class)
			.single()).isZero();
	}

	private StoredMessage deliver(long user, byte[] raw) {
		return this.store.deliver(new ByteArrayInputStream(raw), List.of(user), NOW).get(0);
	}

	private Folder inboxOf(long user) {
		return folderOf(user, FolderRole.INBOX);
	}

	private Folder folderOf(long user, FolderRole role) {
		return this.mailboxes.listFolders(user)
			.stream()
			.filter((folder) -> folder.role() == role)
			.findFirst()
			.orElseThrow();
	}

	private boolean seen(long messageId) {
		return this.jdbc.sql("select seen from messages where id = :id")
			.param("id", messageId)
			.query(Boolean.class)
			.single();
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	private UserAccount user(String name) {
		return this.accounts.createUser(name + "@localhost", "password-" + name, null, false);
	}

	private static byte[] message(String messageId, String inReplyTo, String subject, String body) {
		String headers = "From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.test>\r\n" + "To: someone@localhost\r\n"
				+ "Subject: " + subject + "\r\n" + "Message-ID: " + messageId + "\r\n"
				+ ((inReplyTo != null) ? "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n" : "")
				+ "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
				+ "Content-Transfer-Encoding: 8bit\r\n\r\n";
		return (headers + body + "\r\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, result, a.length, b.length);
		return result;
	}

}
