package dev.mailroom.imap;

import java.nio.charset.StandardCharsets;

import dev.mailroom.account.UserAccount;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripted sessions over raw sockets: the protocol edges real clients rarely show. */
class ImapProtocolTests extends ImapTestSupport {

	@Test
	void plainPortOffersStartTlsAndRefusesPasswordsUntilThen() throws Exception {
		UserAccount user = user("plain");
		try (RawImapClient client = RawImapClient.connect(imapPort())) {
			String greeting = client.line();
			assertThat(greeting).startsWith("* OK [CAPABILITY IMAP4rev1").contains("STARTTLS", "LOGINDISABLED");
			assertThat(client.command("LOGIN " + user.email() + " " + password(user))).contains("NO [PRIVACYREQUIRED]");
			assertThat(client.command("STARTTLS")).endsWith("OK Begin TLS negotiation now\r\n");
			client.startTls(this.tls.certificate());
			String capabilities = client.command("CAPABILITY");
			assertThat(capabilities).contains("AUTH=PLAIN").doesNotContain("STARTTLS", "LOGINDISABLED");
			assertThat(client.command("LOGIN " + user.email() + " " + password(user))).contains("OK [CAPABILITY");
		}
	}

	@Test
	void wrongPasswordsAreRefused() throws Exception {
		UserAccount user = user("wrong");
		try (RawImapClient client = RawImapClient.connectTls(imapsPort(), this.tls.certificate())) {
			assertThat(client.command("LOGIN " + user.email() + " nope")).contains("NO [AUTHENTICATIONFAILED]");
			assertThat(client.command("SELECT INBOX")).contains("BAD");
		}
	}

	@Test
	void takesSynchronizingAndNonSynchronizingLiterals() throws Exception {
		UserAccount user = user("literal");
		String login = user.email();
		String password = password(user);
		try (RawImapClient client = RawImapClient.connectTls(imapsPort(), this.tls.certificate())) {
			String tag = client.nextTag();
			client.write(tag + " LOGIN {" + login.length() + "}\r\n");
			assertThat(client.line()).startsWith("+ ");
			client.write(login + " {" + password.length() + "+}\r\n" + password + "\r\n");
			assertThat(new String(client.until(tag), StandardCharsets.UTF_8)).contains(tag + " OK");
		}
	}

	@Test
	void refusesAHugeLiteralWithoutReadingItAndCarriesOn() throws Exception {
		UserAccount user = user("huge");
		try (RawImapClient client = login(user)) {
			String tag = client.nextTag();
			client.write(tag + " APPEND INBOX {999999999999}\r\n");
			assertThat(client.line()).startsWith(tag + " NO [TOOBIG]");
			assertThat(client.command("NOOP")).contains("OK NOOP");
		}
	}

	@Test
	void closesTheSessionOnAHugeNonSynchronizingLiteral() throws Exception {
		UserAccount user = user("hugeplus");
		try (RawImapClient client = login(user)) {
			client.write("a1 APPEND INBOX {999999999999+}\r\n");
			assertThat(client.line()).startsWith("a1 NO [TOOBIG]");
			assertThat(client.line()).startsWith("* BYE");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void answersBadSyntaxAndOutOfStateCommandsWithBad() throws Exception {
		UserAccount user = user("syntax");
		try (RawImapClient client = RawImapClient.connectTls(imapsPort(), this.tls.certificate())) {
			assertThat(client.command("FETCH 1 FLAGS")).contains("BAD FETCH is not allowed before login");
			client.command("LOGIN " + user.email() + " " + password(user));
			assertThat(client.command("FETCH 1 FLAGS")).contains("BAD FETCH is not allowed without a selected");
			assertThat(client.command("FROBNICATE")).contains("BAD Unknown command");
			client.command("SELECT INBOX");
			assertThat(client.command("FETCH 1:2 (FLAGS")).contains("BAD");
			assertThat(client.command("FETCH 1 (NOSUCHITEM)")).contains("BAD Unknown FETCH item");
			assertThat(client.command("SEARCH NOSUCHKEY")).contains("BAD Unknown SEARCH key");
			assertThat(client.command("FETCH 5 FLAGS")).contains("BAD No message with that sequence number");
			assertThat(client.command("LOGIN \"unterminated")).contains("BAD");
			assertThat(client.command("NOOP")).contains("OK NOOP");
		}
	}

	@Test
	void fetchesSectionsAndPartialsByteForByte() throws Exception {
		UserAccount user = user("sections");
		String raw = "From: a@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n\r\n안녕하세요\r\n--b1\r\n"
				+ "Content-Type: application/octet-stream; name=\"x.bin\"\r\nContent-Transfer-Encoding: base64\r\n"
				+ "Content-Disposition: attachment; filename=\"x.bin\"\r\n\r\nAAEC\r\n--b1--\r\n";
		deliver(user, raw);
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			assertThat(client.command("FETCH 1 BODY.PEEK[]<0.10>")).contains("BODY[]<0> {10}\r\nFrom: a@ex)");
			assertThat(client.command("FETCH 1 BODY.PEEK[1]"))
				.contains("BODY[1] {" + "안녕하세요".getBytes(StandardCharsets.UTF_8).length + "}\r\n안녕하세요)");
			assertThat(client.command("FETCH 1 BODY.PEEK[2]")).contains("BODY[2] {4}\r\nAAEC)");
			assertThat(client.command("FETCH 1 BODY.PEEK[2.MIME]")).contains("Content-Disposition: attachment");
			assertThat(client.command("FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]"))
				.contains("BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: parts\r\n\r\n)");
			assertThat(client.command("FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (SUBJECT FROM)]")).contains("MIME-Version")
				.doesNotContain("Subject: parts");
			assertThat(client.command("FETCH 1 (BODYSTRUCTURE)")).contains(
					"BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 15 1 NIL NIL NIL NIL)"
							+ "(\"application\" \"octet-stream\" (\"name\" \"x.bin\") NIL NIL \"base64\" 4 NIL "
							+ "(\"attachment\" (\"filename\" \"x.bin\")) NIL NIL) \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL)");
			assertThat(client.command("FETCH 1 FLAGS")).contains("FLAGS ()");
			byte[] whole = client.commandBytes("FETCH 1 BODY[]");
			assertThat(new String(whole, StandardCharsets.UTF_8)).contains(raw);
			assertThat(client.command("FETCH 1 FLAGS")).contains("FLAGS (\\Seen)");
			assertThat(client.command("FETCH 1 BODY.PEEK[]<5000.10>")).contains("BODY[]<5000> {0}\r\n)");
		}
	}

	@Test
	void anExpungeInOneSessionReachesTheOther() throws Exception {
		UserAccount user = user("expunge");
		deliver(user, message("one", "1"));
		deliver(user, message("two", "2"));
		try (RawImapClient first = login(user); RawImapClient second = login(user)) {
			first.command("SELECT INBOX");
			assertThat(second.command("SELECT INBOX")).contains("* 2 EXISTS");
			assertThat(first.command("STORE 1 +FLAGS (\\Deleted)")).contains("* 1 FETCH (FLAGS (\\Deleted))");
			assertThat(first.command("EXPUNGE")).contains("* 1 EXPUNGE");
			// Not during a FETCH (RFC 3501 7.4.1), but after NOOP.
			assertThat(second.command("FETCH 1:* FLAGS")).doesNotContain("EXPUNGE").contains("* 2 FETCH (FLAGS ())");
			assertThat(second.command("NOOP")).contains("* 1 EXPUNGE");
			assertThat(second.command("FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])")).contains("Subject: two")
				.doesNotContain("Subject: one");
			deliver(user, message("three", "3"));
			assertThat(second.command("NOOP")).contains("* 2 EXISTS");
		}
	}

	@Test
	void namesFoldersInModifiedUtf7() throws Exception {
		UserAccount user = user("utf7");
		this.mailboxes.createFolder(user.id(), null, "보관함");
		// Angus Mail's encoder as an independent check: 보관함 is &vPStANVo-.
		assertThat(BASE64MailboxEncoder.encode("보관함")).isEqualTo("&vPStANVo-");
		try (RawImapClient client = login(user)) {
			assertThat(client.command("LIST \"\" \"*\"")).contains("* LIST (\\HasNoChildren) \"/\" \"&vPStANVo-\"")
				.contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"")
				.contains("(\\HasNoChildren) \"/\" \"INBOX\"");
			assertThat(client.command("CREATE \"&vPStANVo-/&yADHpQ-\"")).contains("OK CREATE");
			assertThat(client.command("LIST \"\" \"&vPStANVo-/%\"")).contains("\"&vPStANVo-/&yADHpQ-\"");
			assertThat(client.command("SELECT \"&vPStANVo-\"")).contains("OK [READ-WRITE]");
		}
		assertThat(this.mailboxes.listFolders(user.id())).anyMatch((folder) -> folder.name().equals("저장"));
	}

	@Test
	void oneUserNeverSeesAnothersFolders() throws Exception {
		UserAccount owner = user("owner");
		UserAccount other = user("other");
		this.mailboxes.createFolder(owner.id(), null, "Secret");
		deliver(owner, message("private", "x"));
		try (RawImapClient client = login(other)) {
			assertThat(client.command("LIST \"\" *")).doesNotContain("Secret");
			assertThat(client.command("SELECT Secret")).contains("NO [NONEXISTENT]");
			assertThat(client.command("SELECT INBOX")).contains("* 0 EXISTS");
			assertThat(client.command("SEARCH ALL")).contains("* SEARCH\r\n");
		}
	}

}
