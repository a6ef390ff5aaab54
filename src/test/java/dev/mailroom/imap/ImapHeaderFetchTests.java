package dev.mailroom.imap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.StoredMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Header fetches read only the stored header block (and cache it parsed); they must
 * answer byte for byte what a parse of the whole message gives, for contents stored
 * before header sizes were recorded and for headers larger than a stored chunk.
 */
class ImapHeaderFetchTests extends ImapTestSupport {

	private static final String HEADER = "From: =?UTF-8?B?6rmA66+87KSA?= <kim@example.org>\r\nTo: you@localhost\r\n"
			+ "Subject: =?UTF-8?B?7ZWc6riAIOygnOuqqQ==?=\r\n folded on\r\n"
			+ "Date: Mon, 2 Mar 2026 10:00:00 +0900\r\nMessage-ID: <header-fetch@example.org>\r\n"
			+ "X-Empty:\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";

	private static final String BODY = "안녕하세요\r\n\r\nSubject: not a header\r\n";

	@Test
	void headerSectionsAreByteExactWithOrWithoutAStoredHeaderSize() throws Exception {
		UserAccount user = user("headers");
		deliver(user, HEADER + BODY);
		StoredMessage old = deliver(user, HEADER + BODY);
		assertThat(headerSize(old)).isEqualTo(HEADER.getBytes(StandardCharsets.UTF_8).length);
		// As stored before V8: readers find the end of the header themselves.
		this.jdbc.sql("update message_contents set header_size = null where id = :id")
			.param("id", old.contentId())
			.update();
		byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			for (int seq = 1; seq <= 2; seq++) {
				// Twice: read from the store, then from the cache.
				for (int round = 0; round < 2; round++) {
					assertThat(literal(client, "FETCH " + seq + " BODY.PEEK[HEADER]")).isEqualTo(header);
					assertThat(literal(client, "FETCH " + seq + " RFC822.HEADER")).isEqualTo(header);
					assertThat(literal(client, "FETCH " + seq + " BODY.PEEK[HEADER]<10.25>"))
						.isEqualTo(slice(header, 10, 25));
					assertThat(literal(client, "FETCH " + seq + " BODY.PEEK[HEADER]<200.1000>"))
						.isEqualTo(slice(header, 200, header.length - 200));
					assertThat(literal(client, "FETCH " + seq + " BODY.PEEK[HEADER.FIELDS (subject x-empty)]"))
						.isEqualTo(
								bytes("Subject: =?UTF-8?B?7ZWc6riAIOygnOuqqQ==?=\r\n folded on\r\nX-Empty:\r\n\r\n"));
					assertThat(literal(client, "FETCH " + seq
							+ " BODY.PEEK[HEADER.FIELDS.NOT (FROM TO SUBJECT DATE MESSAGE-ID MIME-VERSION CONTENT-TYPE)]"))
						.isEqualTo(bytes("X-Empty:\r\n\r\n"));
					assertThat(client.command("FETCH " + seq + " (ENVELOPE)"))
						.contains("ENVELOPE (\"Mon, 2 Mar 2026 10:00:00 +0900\" "
								+ "\"=?UTF-8?B?7ZWc6riAIOygnOuqqQ==?= folded on\" "
								+ "((\"=?UTF-8?B?6rmA66+87KSA?=\" NIL \"kim\" \"example.org\"))");
				}
				assertThat(literal(client, "FETCH " + seq + " BODY.PEEK[TEXT]")).isEqualTo(bytes(BODY));
			}
			assertThat(client.command("FETCH 1:2 FLAGS")).contains("* 1 FETCH (FLAGS ())")
				.contains("* 2 FETCH (FLAGS ())");
			// Without PEEK a header section still marks the message read.
			assertThat(client.command("FETCH 2 BODY[HEADER.FIELDS (SUBJECT)]")).contains("FLAGS (\\Seen)");
		}
	}

	@Test
	void aHeaderLargerThanAStoredChunkIsServedWhole() throws Exception {
		UserAccount user = user("bigheader");
		StringBuilder header = new StringBuilder("Subject: big header\r\n");
		while (header.length() < 300_000) {
			header.append("X-Padding: ").append("x".repeat(88)).append("\r\n");
		}
		header.append("\r\n");
		String raw = header + "the body\r\n";
		StoredMessage stored = this.store
			.deliver(new ByteArrayInputStream(bytes(raw)), List.of(user.id()), Instant.now())
			.get(0);
		assertThat(headerSize(stored)).isEqualTo(header.length());
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			assertThat(literal(client, "UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
				.isEqualTo(bytes("Subject: big header\r\n\r\n"));
			assertThat(literal(client, "FETCH 1 BODY.PEEK[HEADER]")).isEqualTo(bytes(header.toString()));
			assertThat(literal(client, "FETCH 1 BODY.PEEK[TEXT]")).isEqualTo(bytes("the body\r\n"));
		}
	}

	@Test
	void aMessageWithoutABodyIsAllHeader() throws Exception {
		UserAccount user = user("nobody");
		String raw = "Subject: only a header\r\nFrom: a@example.org";
		StoredMessage stored = deliver(user, raw);
		assertThat(headerSize(stored)).isEqualTo(raw.length());
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			assertThat(literal(client, "FETCH 1 BODY.PEEK[HEADER]")).isEqualTo(bytes(raw));
			assertThat(literal(client, "FETCH 1 BODY.PEEK[HEADER.FIELDS (FROM)]"))
				.isEqualTo(bytes("From: a@example.org\r\n"));
		}
	}

	@Test
	void changesMadeElsewhereAreToldAfterAHeaderFetch() throws Exception {
		UserAccount user = user("told");
		deliver(user, message("one", "1"));
		deliver(user, message("two", "2"));
		try (RawImapClient first = login(user); RawImapClient second = login(user)) {
			first.command("SELECT INBOX");
			second.command("SELECT INBOX");
			assertThat(second.command("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
				.contains("Subject: two");
			first.command("STORE 2 +FLAGS (\\Flagged)");
			assertThat(second.command("UID FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
				.contains("* 2 FETCH (UID ")
				.contains("FLAGS (\\Flagged))");
			deliver(user, message("three", "3"));
			assertThat(second.command("UID FETCH 1 (UID BODY.PEEK[])")).contains("* 3 EXISTS");
			assertThat(second.command("NOOP")).doesNotContain("EXISTS").doesNotContain("FETCH");
		}
	}

	@Test
	void uidSetsWithGapsRunsAndSingleUidsPickExactlyThoseMessages() throws Exception {
		UserAccount user = user("uidsets");
		for (int i = 1; i <= 5; i++) {
			deliver(user, message("m" + i, "body " + i));
		}
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			assertThat(client.command("UID FETCH 1,3:4 (UID)")).contains("(UID 1)", "(UID 3)", "(UID 4)")
				.doesNotContain("(UID 2)", "(UID 5)");
			assertThat(client.command("UID FETCH 2 (UID BODY.PEEK[TEXT])")).contains("body 2")
				.doesNotContain("body 1", "body 3");
			assertThat(client.command("UID FETCH 2:3 (UID BODY.PEEK[TEXT])")).contains("body 2", "body 3")
				.doesNotContain("body 1", "body 4");
			client.command("UID STORE 2,5 +FLAGS.SILENT (\\Flagged $Work)");
			String flags = client.command("FETCH 1:5 (FLAGS)");
			assertThat(flags).contains("* 2 FETCH (FLAGS (\\Flagged $Work))", "* 5 FETCH (FLAGS (\\Flagged $Work))",
					"* 1 FETCH (FLAGS ())", "* 3 FETCH (FLAGS ())", "* 4 FETCH (FLAGS ())");
		}
	}

	private long headerSize(StoredMessage message) {
		return this.jdbc.sql("select header_size from message_contents where id = :id")
			.param("id", message.contentId())
			.query(Long.class)
			.single();
	}

	/** The bytes of the one literal in the answer to a command. */
	private static byte[] literal(RawImapClient client, String command) throws Exception {
		byte[] answer = client.commandBytes(command);
		String text = new String(answer, StandardCharsets.ISO_8859_1);
		int open = text.indexOf("}\r\n");
		assertThat(open).as(text).isPositive();
		int size = Integer.parseInt(text.substring(text.lastIndexOf('{', open) + 1, open));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(answer, open + 3, size);
		return out.toByteArray();
	}

	private static byte[] slice(byte[] bytes, int from, int length) {
		byte[] slice = new byte[length];
		System.arraycopy(bytes, from, slice, 0, length);
		return slice;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
