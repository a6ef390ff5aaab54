package dev.mailroom.pop3;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.StoredMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** RFC 1939, 2449, 2595 and 5034 command by command, over raw sockets. */
class Pop3ProtocolTests extends Pop3TestSupport {

	@Test
	void greetsAndListsCapabilitiesForTheConnectionsState() throws Exception {
		try (RawPop3Client client = RawPop3Client.connect(pop3Port())) {
			assertThat(client.line()).matches("\\+OK \\S+ Mailroom POP3 server ready");

			assertThat(client.send("CAPA")).isEqualTo("+OK Capability list follows");
			assertThat(client.lines()).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
					"EXPIRE NEVER", "STLS", "IMPLEMENTATION Mailroom");

			assertThat(client.send("STLS")).isEqualTo("+OK Begin TLS negotiation");
			client.startTls(this.tls.certificate());
			assertThat(client.send("capa")).isEqualTo("+OK Capability list follows");
			assertThat(client.lines()).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
					"EXPIRE NEVER", "USER", "SASL PLAIN", "IMPLEMENTATION Mailroom");
			assertThat(client.send("STLS")).isEqualTo("-ERR TLS already active");
		}
	}

	@Test
	void refusesPasswordsWithoutTls() throws Exception {
		UserAccount user = user("plain");
		deliver(user, message("secret", "body\r\n"));
		try (RawPop3Client client = RawPop3Client.connect(pop3Port())) {
			client.line();
			assertThat(client.send("USER " + user.email()))
				.isEqualTo("-ERR [AUTH] Plain-text login disallowed without TLS; use STLS first");
			assertThat(client.send("PASS " + PASSWORD)).startsWith("-ERR [AUTH]");
			assertThat(client.send("AUTH PLAIN " + plain("", user.email(), PASSWORD))).startsWith("-ERR [AUTH]");
			assertThat(client.send("AUTH")).isEqualTo("+OK Mechanisms follow");
			assertThat(client.lines()).isEmpty();
			assertThat(client.send("STAT")).startsWith("-ERR");
		}
	}

	@Test
	void dropsWhatWasPipelinedBehindStls() throws Exception {
		UserAccount user = user("inject");
		try (RawPop3Client client = RawPop3Client.connect(pop3Port())) {
			client.line();
			client.write("STLS\r\nUSER " + user.email() + "\r\n");
			assertThat(client.line()).isEqualTo("+OK Begin TLS negotiation");
			client.startTls(this.tls.certificate());

			// The USER sent in plain text before the handshake was never seen.
			assertThat(client.send("PASS " + PASSWORD)).isEqualTo("-ERR Send USER first");
			assertThat(client.send("USER " + user.email())).isEqualTo("+OK Send PASS");
			assertThat(client.send("PASS " + PASSWORD)).isEqualTo("+OK Logged in, 0 messages (0 octets)");
		}
	}

	@Test
	void answersCommandsOutOfStateWithAnError() throws Exception {
		UserAccount user = user("state");
		deliver(user, message("one", "1\r\n"));
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			for (String command : List.of("STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 1", "UIDL")) {
				assertThat(client.send(command)).as(command)
					.isEqualTo("-ERR " + command.split(" ")[0] + " not valid in the AUTHORIZATION state");
			}
			assertThat(client.send("APOP " + user.email() + " c4c9334bac560ecc979e58001b3e22fb"))
				.isEqualTo("-ERR Unknown command: APOP");
			assertThat(client.send("USER " + user.email())).startsWith("+OK");
			assertThat(client.send("PASS " + PASSWORD)).startsWith("+OK Logged in, 1 messages");
		}
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("USER " + user.email())).isEqualTo("-ERR USER not valid in the TRANSACTION state");
			assertThat(client.send("PASS x")).isEqualTo("-ERR PASS not valid in the TRANSACTION state");
			assertThat(client.send("AUTH PLAIN")).isEqualTo("-ERR AUTH not valid in the TRANSACTION state");
			assertThat(client.send("STLS")).isEqualTo("-ERR STLS not valid in the TRANSACTION state");
			assertThat(client.send("NOOP")).isEqualTo("+OK");
		}
	}

	@Test
	void refusesBadArgumentsAndKeepsTheSession() throws Exception {
		UserAccount user = user("args");
		deliver(user, message("one", "1\r\n"));
		deliver(user, message("two", "2\r\n"));
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("RETR")).isEqualTo("-ERR Invalid message number: ");
			assertThat(client.send("RETR 0")).isEqualTo("-ERR No such message");
			assertThat(client.send("RETR 3")).isEqualTo("-ERR No such message");
			assertThat(client.send("RETR 99999999999")).isEqualTo("-ERR No such message");
			assertThat(client.send("RETR -1")).isEqualTo("-ERR Invalid message number: -1");
			assertThat(client.send("RETR 1a")).isEqualTo("-ERR Invalid message number: 1a");
			assertThat(client.send("DELE abc")).isEqualTo("-ERR Invalid message number: abc");
			assertThat(client.send("LIST 5")).isEqualTo("-ERR No such message");
			assertThat(client.send("TOP 1")).isEqualTo("-ERR Syntax: TOP message lines");
			assertThat(client.send("TOP 1 -1")).isEqualTo("-ERR Invalid line count: -1");
			assertThat(client.send("STAT 1")).isEqualTo("-ERR STAT takes no arguments");

			assertThat(client.send("STAT")).matches("\\+OK 2 \\d+");
			assertThat(client.send("LIST 2")).matches("\\+OK 2 \\d+");
		}
	}

	@Test
	void closesTheSessionAfterTooManyBadCommands() throws Exception {
		try (RawPop3Client client = RawPop3Client.connect(pop3Port())) {
			client.line();
			for (int i = 0; i < 10; i++) {
				assertThat(client.send("HELO")).isEqualTo("-ERR Unknown command: HELO");
			}
			assertThat(client.send("HELO")).isEqualTo("-ERR Too many errors, closing connection");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void listsStatsAndMarksDeletionsThatRsetUndoes() throws Exception {
		UserAccount user = user("dele");
		String one = message("one", "first\r\n");
		String two = message("two", "second message\r\n");
		String three = message("three", "third\r\n");
		List<Long> ids = List.of(deliver(user, one).id(), deliver(user, two).id(), deliver(user, three).id());
		int size1 = one.length();
		int size2 = two.length();
		int size3 = three.length();
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("STAT")).isEqualTo("+OK 3 " + (size1 + size2 + size3));
			assertThat(client.send("LIST")).isEqualTo("+OK 3 messages (" + (size1 + size2 + size3) + " octets)");
			assertThat(client.lines()).containsExactly("1 " + size1, "2 " + size2, "3 " + size3);

			assertThat(client.send("DELE 2")).isEqualTo("+OK Message 2 deleted");
			assertThat(client.send("DELE 2")).isEqualTo("-ERR Message 2 already deleted");
			assertThat(client.send("RETR 2")).isEqualTo("-ERR Message 2 already deleted");
			assertThat(client.send("LIST 2")).isEqualTo("-ERR Message 2 already deleted");
			assertThat(client.send("STAT")).isEqualTo("+OK 2 " + (size1 + size3));
			assertThat(client.send("LIST")).startsWith("+OK 2 messages");
			assertThat(client.lines()).containsExactly("1 " + size1, "3 " + size3);
			assertThat(client.send("UIDL")).startsWith("+OK");
			assertThat(client.lines()).hasSize(2).noneMatch((line) -> line.startsWith("2 "));

			assertThat(client.send("RSET"))
				.isEqualTo("+OK Maildrop has 3 messages (" + (size1 + size2 + size3) + " octets)");
			assertThat(client.send("STAT")).startsWith("+OK 3 ");
			assertThat(client.send("DELE 1")).startsWith("+OK");
			assertThat(client.send("QUIT")).endsWith("Mailroom POP3 server signing off (2 messages left)");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(inbox(user)).containsExactly(ids.get(1), ids.get(2));
	}

	@Test
	void deletesNothingWhenTheConnectionDropsWithoutQuit() throws Exception {
		UserAccount user = user("drop");
		deliver(user, message("one", "1\r\n"));
		deliver(user, message("two", "2\r\n"));
		List<Long> before = inbox(user);
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("DELE 1")).startsWith("+OK");
			assertThat(client.send("DELE 2")).startsWith("+OK");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.activeConnections() == 0);

		assertThat(inbox(user)).isEqualTo(before).hasSize(2);
	}

	@Test
	void quitRemovesOnlyMessagesStillInTheInboxAsTheSessionSawThem() throws Exception {
		UserAccount user = user("moved");
		StoredMessage archived = deliver(user, message("archived meanwhile", "1\r\n"));
		StoredMessage removed = deliver(user, message("removed meanwhile", "2\r\n"));
		StoredMessage third = deliver(user, message("deleted by pop3", "3\r\n"));
		StoredMessage returned = deliver(user, message("moved out and back", "4\r\n"));
		try (RawPop3Client client = loggedIn(user)) {
			client.send("DELE 1");
			client.send("DELE 2");
			client.send("DELE 3");
			client.send("DELE 4");
			// Meanwhile, in the webmail:
			long archive = this.messages.folderOf(user.id(), FolderRole.ARCHIVE);
			this.messages.move(user.id(), List.of(archived.id()), archive);
			this.messages.deleteForever(user.id(), List.of(removed.id()));
			this.messages.move(user.id(), List.of(returned.id()), archive);
			this.messages.move(user.id(), List.of(returned.id()), this.messages.folderOf(user.id(), FolderRole.INBOX));

			assertThat(client.send("QUIT")).endsWith("(maildrop empty)");
		}
		// Back in the INBOX under a new UID, it is not the message the session deleted.
		assertThat(inbox(user)).containsExactly(returned.id());
		assertThat(this.jdbc.sql("select folder_id from messages where id = :id")
			.param("id", archived.id())
			.query(Long.class)
			.single()).isEqualTo(this.messages.folderOf(user.id(), FolderRole.ARCHIVE));
		assertThat(this.jdbc.sql("select count(*) from messages where id = :id")
			.param("id", third.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void servesTheInboxAsItWasAtLogin() throws Exception {
		UserAccount user = user("snapshot");
		deliver(user, message("before", "1\r\n"));
		try (RawPop3Client client = loggedIn(user)) {
			deliver(user, message("after login", "2\r\n"));
			assertThat(client.send("STAT")).startsWith("+OK 1 ");
			assertThat(client.send("RETR 2")).isEqualTo("-ERR No such message");
		}
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("STAT")).startsWith("+OK 2 ");
		}
	}

	@Test
	void retrSendsTheStoredBytesDotStuffedAndMarksTheMessageSeen() throws Exception {
		UserAccount user = user("dots");
		String raw = "Subject: dots\r\n\r\n.\r\n..two\r\n.hidden line\r\nmiddle.\r\n.\r\nend\r\n";
		StoredMessage message = deliver(user, raw);
		assertThat(seen(message.id())).isFalse();
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("RETR 1")).isEqualTo("+OK " + raw.length() + " octets");
			byte[] wire = client.wireBody();

			assertThat(new String(wire, StandardCharsets.US_ASCII))
				.isEqualTo("Subject: dots\r\n\r\n..\r\n...two\r\n..hidden line\r\nmiddle.\r\n..\r\nend\r\n");
			assertThat(RawPop3Client.unstuff(wire)).isEqualTo(stored(user, message.id()))
				.isEqualTo(raw.getBytes(StandardCharsets.US_ASCII));
			assertThat(client.send("NOOP")).isEqualTo("+OK");
		}
		assertThat(seen(message.id())).isTrue();
	}

	@Test
	void endsAMessageWithoutAFinalLineEndBeforeTheTerminatingLine() throws Exception {
		UserAccount user = user("noeol");
		deliver(user, "Subject: no end\r\n\r\n.last line without CRLF");
		try (RawPop3Client client = loggedIn(user)) {
			client.send("RETR 1");
			assertThat(new String(client.wireBody(), StandardCharsets.US_ASCII))
				.isEqualTo("Subject: no end\r\n\r\n..last line without CRLF\r\n");
		}
	}

	@Test
	void topSendsTheHeaderAndTheFirstLinesOfTheBodyWithoutMarkingItSeen() throws Exception {
		UserAccount user = user("top");
		String header = "Subject: =?UTF-8?B?7ZWc6riA?=\r\nFrom: a@example.org\r\n";
		String body = "line 1\r\n.line 2\r\n\r\nline 4\r\nline 5\r\n";
		StoredMessage message = deliver(user, header + "\r\n" + body);
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("TOP 1 0")).isEqualTo("+OK Top of message follows");
			assertThat(new String(client.body(), StandardCharsets.UTF_8)).isEqualTo(header + "\r\n");
			client.send("TOP 1 2");
			assertThat(new String(client.wireBody(), StandardCharsets.UTF_8))
				.isEqualTo(header + "\r\nline 1\r\n..line 2\r\n");
			client.send("TOP 1 3");
			assertThat(new String(client.body(), StandardCharsets.UTF_8))
				.isEqualTo(header + "\r\nline 1\r\n.line 2\r\n\r\n");
			client.send("TOP 1 100");
			assertThat(new String(client.body(), StandardCharsets.UTF_8)).isEqualTo(header + "\r\n" + body);
		}
		assertThat(seen(message.id())).isFalse();
	}

	@Test
	void uniqueIdsAreStableAcrossSessionsAndNeverShared() throws Exception {
		UserAccount user = user("uidl");
		UserAccount other = user("uidl-other");
		StoredMessage first = deliver(user, message("one", "1\r\n"));
		StoredMessage second = deliver(user, message("two", "2\r\n"));
		deliver(other, message("other", "3\r\n"));
		List<String> ids;
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("UIDL")).isEqualTo("+OK Unique-id listing follows");
			ids = client.lines();
			assertThat(client.send("UIDL 2")).isEqualTo("+OK " + ids.get(1));
			client.send("DELE 1");
			client.send("QUIT");
		}
		assertThat(ids).hasSize(2);
		assertThat(ids.get(0)).matches("1 \\d+\\." + first.uid());
		assertThat(ids.get(1)).matches("2 \\d+\\." + second.uid());
		for (String id : ids) {
			assertThat(id.substring(2)).matches("[\\x21-\\x7e]{1,70}");
		}
		try (RawPop3Client client = loggedIn(user)) {
			client.send("UIDL");
			// The second message is now number 1, under the same unique id.
			assertThat(client.lines()).containsExactly("1 " + ids.get(1).substring(2));
		}
		try (RawPop3Client client = loggedIn(other)) {
			client.send("UIDL");
			assertThat(client.lines()).hasSize(1).first().isNotIn(ids.get(0), ids.get(1));
		}
	}

	@Test
	void authenticatesWithAuthPlainInEitherStyle() throws Exception {
		UserAccount user = user("sasl");
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			assertThat(client.send("AUTH")).isEqualTo("+OK Mechanisms follow");
			assertThat(client.lines()).containsExactly("PLAIN");
			assertThat(client.send("AUTH PLAIN " + plain("", user.email(), PASSWORD))).startsWith("+OK Logged in");
		}
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			assertThat(client.send("AUTH PLAIN")).isEqualTo("+ ");
			assertThat(client.send("*")).isEqualTo("-ERR Authentication cancelled");
			assertThat(client.send("AUTH CRAM-MD5")).isEqualTo("-ERR Unsupported authentication mechanism");
			assertThat(client.send("AUTH PLAIN")).isEqualTo("+ ");
			assertThat(client.send("not base64!")).isEqualTo("-ERR Invalid base64 in AUTH response");
			assertThat(client.send("AUTH plain")).isEqualTo("+ ");
			assertThat(client.send(plain(user.email(), user.email(), PASSWORD))).startsWith("+OK Logged in");
			assertThat(client.send("STAT")).isEqualTo("+OK 0 0");
		}
	}

	@Test
	void refusesWrongPasswordsAndActingAsSomeoneElse() throws Exception {
		UserAccount user = user("wrong");
		UserAccount victim = user("victim");
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			client.send("USER " + user.email());
			assertThat(client.send("PASS not the password")).isEqualTo("-ERR [AUTH] Invalid login or password");
			assertThat(client.send("STAT")).startsWith("-ERR");
			// PLAIN's authorization identity may not name another user.
			assertThat(client.send("AUTH PLAIN " + plain(victim.email(), user.email(), PASSWORD)))
				.isEqualTo("-ERR [AUTH] Malformed PLAIN response");
			assertThat(client.send("STAT")).startsWith("-ERR");
		}
	}

	@Test
	void throttlesRepeatedFailuresLikeEveryOtherProtocol() throws Exception {
		UserAccount user = user("guess");
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			for (int i = 0; i < 5; i++) {
				assertThat(client.send("AUTH PLAIN " + plain("", user.email(), "guess " + i)))
					.isEqualTo("-ERR [AUTH] Invalid login or password");
			}
			// Even the right password waits now.
			assertThat(client.send("AUTH PLAIN " + plain("", user.email(), PASSWORD)))
				.isEqualTo("-ERR [SYS/TEMP] Too many failed logins; try again later");
		}
	}

	@Test
	void aSessionSeesAndDeletesOnlyItsOwnUsersMail() throws Exception {
		UserAccount kim = user("kim");
		UserAccount lee = user("lee");
		deliver(kim, message("for kim", "kim's\r\n"));
		StoredMessage leeMail = deliver(lee, message("for lee", "lee's\r\n"));
		try (RawPop3Client client = loggedIn(kim)) {
			assertThat(client.send("STAT")).startsWith("+OK 1 ");
			client.send("RETR 1");
			assertThat(new String(client.body(), StandardCharsets.UTF_8)).contains("Subject: for kim")
				.doesNotContain("for lee");
			client.send("DELE 1");
			client.send("QUIT");
		}
		assertThat(inbox(kim)).isEmpty();
		assertThat(inbox(lee)).containsExactly(leeMail.id());
		try (RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate())) {
			client.line();
			client.send("USER " + lee.email());
			assertThat(client.send("PASS " + PASSWORD + "x")).startsWith("-ERR [AUTH]");
		}
	}

	@Test
	void retrievesKoreanMailByteForByte() throws Exception {
		UserAccount user = user("korean");
		byte[] raw = ("From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.org>\r\nSubject: =?UTF-8?B?7ZqM7J2YIOydvOyglQ==?=\r\n"
				+ "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
				+ "안녕하세요.\r\n.점으로 시작하는 줄\r\n다음 주 화요일 회의입니다.\r\n")
			.getBytes(StandardCharsets.UTF_8);
		StoredMessage message = deliver(user, raw);
		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("LIST 1")).isEqualTo("+OK 1 " + raw.length);
			assertThat(client.send("RETR 1")).isEqualTo("+OK " + raw.length + " octets");
			assertThat(client.body()).isEqualTo(raw).isEqualTo(stored(user, message.id()));
		}
	}

	static String plain(String authzid, String authcid, String password) {
		return Base64.getEncoder()
			.encodeToString((authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
	}

}
