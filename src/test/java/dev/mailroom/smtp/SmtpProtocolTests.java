package dev.mailroom.smtp;

import dev.mailroom.account.UserAccount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 5321 command by command, over raw sockets, with the exact replies. */
class SmtpProtocolTests extends SmtpTestSupport {

	@Test
	void greetsAndAdvertisesItsExtensions() throws Exception {
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			assertThat(client.reply()).isEqualTo("220 mx.example.test ESMTP Mailroom ready");

			String ehlo = client.send("EHLO client.example.org");

			assertThat(ehlo.split("\n")).containsExactly("250-mx.example.test Hello client.example.org",
					"250-PIPELINING", "250-SIZE 102400", "250-8BITMIME", "250-SMTPUTF8", "250-ENHANCEDSTATUSCODES",
					"250-STARTTLS", "250-CHUNKING", "250 HELP");
		}
	}

	@Test
	void deliversToALocalUserAndAddsTraceHeaders() throws Exception {
		UserAccount user = user("basic");
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			assertThat(client.send("HELO client.example.org")).isEqualTo("250 2.0.0 mx.example.test");
			assertThat(client.send("MAIL FROM:<sender@example.org>"))
				.isEqualTo("250 2.1.0 Sender <sender@example.org> ok");
			assertThat(client.send("RCPT TO:<Basic@LOCALHOST>")).isEqualTo("250 2.1.5 Recipient <Basic@localhost> ok");
			assertThat(client.send("DATA")).isEqualTo("354 End data with <CR><LF>.<CR><LF>");
			assertThat(client.send("Subject: hello\r\n\r\n..leading dot\r\nbody\r\n."))
				.startsWith("250 2.0.0 Ok: stored as ");
			assertThat(client.send("QUIT")).isEqualTo("221 2.0.0 mx.example.test closing connection");
		}
		assertThat(inboxSubjects(user.id())).containsExactly("hello");
		String raw = newestRaw(user.id());
		assertThat(raw)
			.startsWith("Return-Path: <sender@example.org>\r\nReceived: from client.example.org ([127.0.0.1])\r\n"
					+ "\tby mx.example.test (Mailroom) with SMTP id ");
		assertThat(raw).contains("\tfor <Basic@localhost>;").endsWith("Subject: hello\r\n\r\n.leading dot\r\nbody\r\n");
	}

	@Test
	void storesALargeMessageSpooledToDiskByteForByte() throws Exception {
		UserAccount user = user("bigmail");
		StringBuilder body = new StringBuilder();
		int line = 0;
		while (body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 90_000) {
			body.append("줄 ").append(line++).append(" - ").append("가나다라마바사아자차카타파하".repeat(3)).append("\r\n");
		}
		String message = "Subject: large\r\n\r\n" + body;
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<bigmail@localhost>");
			client.send("DATA");
			assertThat(client.send(message + ".")).startsWith("250 2.0.0");
		}
		String raw = newestRaw(user.id());
		assertThat(raw.substring(raw.indexOf("Subject: large"))).isEqualTo(message);
	}

	@Test
	void refusesRelayForUnauthenticatedSender() throws Exception {
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<spammer@example.org>");
			assertThat(client.send("RCPT TO:<victim@elsewhere.example>"))
				.isEqualTo("550 5.7.1 <victim@elsewhere.example>: relay access denied");
			assertThat(client.send("RCPT TO:<victim@[192.0.2.1]>")).startsWith("550 5.7.1");
			// Percent hacks and source routes do not smuggle a remote recipient
			// past the check.
			assertThat(client.send("RCPT TO:<@localhost:victim@elsewhere.example>")).startsWith("550 5.7.1");
			assertThat(client.send("RCPT TO:<victim%elsewhere.example@localhost>"))
				.isEqualTo("550 5.1.1 <victim%elsewhere.example@localhost>: no such user here");
			assertThat(client.send("DATA")).isEqualTo("554 5.5.1 No valid recipients");
		}
		assertThat(count("select count(*) from outbound_queue where recipient like 'victim%'")).isZero();
	}

	@Test
	void refusesUnknownLocalUsers() throws Exception {
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<someone@example.org>");
			assertThat(client.send("RCPT TO:<nobody@localhost>"))
				.isEqualTo("550 5.1.1 <nobody@localhost>: no such user here");
		}
	}

	@Test
	void acceptsAliasesAndPostmaster() throws Exception {
		UserAccount user = user("aliased");
		this.accounts.addAlias("sales@example.test", "aliased@localhost");
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<someone@example.org>");
			assertThat(client.send("RCPT TO:<sales@example.test>")).startsWith("250 2.1.5");
			assertThat(client.send("RCPT TO:<aliased@localhost>")).startsWith("250 2.1.5");
			assertThat(client.send("RCPT TO:<Postmaster>")).startsWith("250 2.1.5");
			client.send("DATA");
			assertThat(client.send("Subject: twice\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
		}
		// Alias and address of one user: one copy.
		assertThat(inboxSubjects(user.id())).containsExactly("twice");
	}

	@Test
	void answersCommandsOutOfSequence() throws Exception {
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			assertThat(client.send("MAIL FROM:<a@example.org>")).isEqualTo("503 5.5.1 Send EHLO first");
			client.send("EHLO client");
			assertThat(client.send("RCPT TO:<a@localhost>")).isEqualTo("503 5.5.1 Send MAIL first");
			assertThat(client.send("DATA")).isEqualTo("503 5.5.1 Send MAIL first");
			client.send("MAIL FROM:<a@example.org>");
			assertThat(client.send("MAIL FROM:<b@example.org>"))
				.isEqualTo("503 5.5.1 Sender already given; RSET first");
			assertThat(client.send("RSET")).isEqualTo("250 2.0.0 Ok");
			assertThat(client.send("MAIL FROM:<b@example.org>")).startsWith("250 2.1.0");
		}
	}

	@Test
	void answersUnknownCommandsAndSyntaxErrors() throws Exception {
		try (RawSmtpClient client = greeted(mxPort())) {
			assertThat(client.send("FROB")).isEqualTo("500 5.5.2 Command not recognized");
			assertThat(client.send("MAIL FROM:sender@example.org"))
				.isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address> [parameters]");
			assertThat(client.send("MAIL FROM:<a@example.org> BODY=BINARYMIME"))
				.isEqualTo("555 5.5.4 BODY must be 7BIT or 8BITMIME");
			assertThat(client.send("MAIL FROM:<a@example.org> X-UNKNOWN=1"))
				.isEqualTo("555 5.5.4 Unsupported parameter X-UNKNOWN");
			assertThat(client.send("MAIL FROM:<a@example.org>")).startsWith("250");
			assertThat(client.send("RCPT TO:nobody@localhost")).isEqualTo("501 5.5.4 Syntax: RCPT TO:<address>");
			assertThat(client.send("RCPT TO:<a b@localhost>")).isEqualTo("501 5.5.4 Syntax: RCPT TO:<address>");
			assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
			assertThat(client.send("VRFY root"))
				.isEqualTo("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery");
			assertThat(client.send("HELP")).startsWith("214-2.0.0");
		}
	}

	@Test
	void closesSessionsWithTooManyBadCommands() throws Exception {
		try (RawSmtpClient client = greeted(mxPort())) {
			for (int i = 0; i < 5; i++) {
				assertThat(client.send("BOGUS " + i)).startsWith("500 5.5.2");
			}
			assertThat(client.send("BOGUS again"))
				.isEqualTo("421 4.7.0 mx.example.test Too many errors, closing connection");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void refusesOversizedMessagesAtMailAndAfterData() throws Exception {
		UserAccount user = user("size");
		try (RawSmtpClient client = greeted(mxPort())) {
			assertThat(client.send("MAIL FROM:<a@example.org> SIZE=102401"))
				.isEqualTo("552 5.3.4 Message size exceeds fixed limit of 102400 bytes");
			assertThat(client.send("MAIL FROM:<a@example.org> SIZE=1000")).startsWith("250");
			client.send("RCPT TO:<size@localhost>");
			client.send("DATA");
			StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
			while (big.length() < 110_000) {
				big.append("0123456789".repeat(7)).append("\r\n");
			}
			assertThat(client.send(big + ".")).isEqualTo("552 5.3.4 Message size exceeds fixed limit of 102400 bytes");
			// The session is still in step after the refused data.
			assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
		}
		assertThat(inboxSubjects(user.id())).isEmpty();
	}

	@Test
	void limitsRecipientsPerMessage() throws Exception {
		user("many");
		this.accounts.addAlias("many1@localhost", "many@localhost");
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<a@example.org>");
			for (int i = 0; i < 5; i++) {
				assertThat(client.send("RCPT TO:<many@localhost>")).startsWith("250");
			}
			assertThat(client.send("RCPT TO:<many1@localhost>")).isEqualTo("452 4.5.3 Too many recipients");
		}
	}

	@Test
	void refusesLinesLongerThan998Octets() throws Exception {
		UserAccount user = user("longline");
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<longline@localhost>");
			client.send("DATA");
			assertThat(client.send("Subject: long\r\n\r\n" + "x".repeat(999) + "\r\n."))
				.isEqualTo("550 5.6.0 Message refused: line longer than 998 octets");
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<longline@localhost>");
			client.send("DATA");
			assertThat(client.send("Subject: fits\r\n\r\n" + "x".repeat(998) + "\r\n.")).startsWith("250");
		}
		assertThat(inboxSubjects(user.id())).containsExactly("fits");
	}

	@Test
	void answersAPipelinedSessionInOrder() throws Exception {
		UserAccount user = user("pipelined");
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.write("EHLO client\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<pipelined@localhost>\r\n"
					+ "RCPT TO:<ghost@localhost>\r\nDATA\r\n");
			assertThat(client.reply()).startsWith("250-mx.example.test");
			assertThat(client.reply()).startsWith("250 2.1.0");
			assertThat(client.reply()).startsWith("250 2.1.5");
			assertThat(client.reply()).startsWith("550 5.1.1");
			assertThat(client.reply()).startsWith("354");
			client
				.write("Subject: one\r\n\r\nbody\r\n.\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<pipelined@localhost>\r\n"
						+ bdat("Subject: two\r\n\r\nbody\r\n", true) + "QUIT\r\n");
			assertThat(client.reply()).startsWith("250 2.0.0 Ok: stored as");
			assertThat(client.reply()).startsWith("250 2.1.0");
			assertThat(client.reply()).startsWith("250 2.1.5");
			assertThat(client.reply()).startsWith("250 2.0.0 Ok: stored as");
			assertThat(client.reply()).startsWith("221");
		}
		assertThat(inboxSubjects(user.id())).containsExactly("one", "two");
	}

	@Test
	void acceptsChunkedMessages() throws Exception {
		UserAccount user = user("chunks");
		try (RawSmtpClient client = greeted(mxPort())) {
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<chunks@localhost>");
			client.write(bdat("Subject: chunked\r\n", false));
			assertThat(client.reply()).isEqualTo("250 2.0.0 18 octets received");
			assertThat(client.send("BDAT 0")).isEqualTo("250 2.0.0 0 octets received");
			client.write(bdat("\r\nbody\r\n", true));
			assertThat(client.reply()).startsWith("250 2.0.0 Ok: stored as");
			client.write(bdat("xxxx", true));
			assertThat(client.reply()).isEqualTo("503 5.5.1 Send MAIL first");
			assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
		}
		assertThat(inboxSubjects(user.id())).containsExactly("chunked");
		assertThat(newestRaw(user.id())).endsWith("Subject: chunked\r\n\r\nbody\r\n");
	}

	@Test
	void neverOffersAuthWithoutTls() throws Exception {
		try (RawSmtpClient client = RawSmtpClient.connect(submissionPort())) {
			client.reply();
			assertThat(client.send("EHLO client")).contains("250-STARTTLS").doesNotContain("AUTH");
			assertThat(client.send("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
				.isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
			assertThat(client.send("MAIL FROM:<a@localhost>")).isEqualTo("530 5.7.0 Authentication required");
		}
	}

	@Test
	void authenticatesAfterStartTlsAndChecksTheSender() throws Exception {
		user("tlsuser");
		UserAccount rcpt = user("tlsrcpt");
		try (RawSmtpClient client = RawSmtpClient.connect(submissionPort())) {
			client.reply();
			client.send("EHLO client");
			assertThat(client.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
			client.startTls(this.tls.certificate());
			String ehlo = client.send("EHLO client");
			assertThat(ehlo).contains("250-AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
			assertThat(client.send("AUTH PLAIN " + plain("tlsuser@localhost", "wrong")))
				.isEqualTo("535 5.7.8 Authentication credentials invalid");
			assertThat(client.send("AUTH PLAIN " + plain("tlsuser@localhost", "password-tlsuser")))
				.isEqualTo("235 2.7.0 Authentication successful");
			assertThat(client.send("MAIL FROM:<tlsrcpt@localhost>")).startsWith("553 5.7.1");
			assertThat(client.send("MAIL FROM:<tlsuser@localhost>")).startsWith("250 2.1.0");
			assertThat(client.send("RCPT TO:<tlsrcpt@localhost>")).startsWith("250");
			assertThat(client.send("RCPT TO:<friend@remote.example>")).startsWith("250 2.1.5");
			client.send("DATA");
			assertThat(client.send("Subject: over tls\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
		}
		assertThat(inboxSubjects(rcpt.id())).containsExactly("over tls");
		assertThat(newestRaw(rcpt.id())).contains("with ESMTPSA id ").contains("(using TLSv1.");
		assertThat(count(
				"select count(*) from outbound_queue where recipient = 'friend@remote.example' and state = 'queued'"))
			.isEqualTo(1);
	}

	@Test
	void authenticatesWithLoginOverImplicitTls() throws Exception {
		user("loginuser");
		try (RawSmtpClient client = RawSmtpClient.connectTls(smtpsPort(), this.tls.certificate())) {
			assertThat(client.reply()).startsWith("220 ");
			assertThat(client.send("EHLO client")).contains("250-AUTH PLAIN LOGIN");
			assertThat(client.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
			assertThat(client.send(b64("loginuser@localhost"))).isEqualTo("334 UGFzc3dvcmQ6");
			assertThat(client.send(b64("password-loginuser"))).isEqualTo("235 2.7.0 Authentication successful");
			assertThat(client.send("AUTH LOGIN")).isEqualTo("503 5.5.1 Already authenticated");
		}
	}

	@Test
	void discardsCommandsPipelinedAfterStartTls() throws Exception {
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.send("EHLO client");
			// CVE-2011-0411: a man in the middle appends a plaintext command to STARTTLS.
			client.write("STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n");
			assertThat(client.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
			client.startTls(this.tls.certificate());
			assertThat(client.send("EHLO client")).startsWith("250-mx.example.test");
			assertThat(client.send("RCPT TO:<x@localhost>")).isEqualTo("503 5.5.1 Send MAIL first");
		}
	}

	@Test
	void refusesConnectionsOverThePerClientLimit() throws Exception {
		java.util.List<RawSmtpClient> open = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 60; i++) {
				RawSmtpClient client = RawSmtpClient.connect(mxPort());
				open.add(client);
				assertThat(client.reply()).startsWith("220 ");
			}
			try (RawSmtpClient over = RawSmtpClient.connect(mxPort())) {
				assertThat(over.reply())
					.isEqualTo("421 4.7.0 mx.example.test Too many connections from your address, try again later");
				assertThat(over.isClosedByServer()).isTrue();
			}
		}
		finally {
			for (RawSmtpClient client : open) {
				client.close();
			}
			// Later tests need the slots back; the server notices closed
			// sockets asynchronously.
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
			while (this.server.activeConnections() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}
	}

	private RawSmtpClient greeted(int port) throws Exception {
		RawSmtpClient client = RawSmtpClient.connect(port);
		client.reply();
		client.send("EHLO client.example.org");
		return client;
	}

	/** A BDAT command with its chunk; the size counts UTF-8 bytes. */
	private static String bdat(String chunk, boolean last) {
		return "BDAT " + chunk.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + (last ? " LAST" : "") + "\r\n"
				+ chunk;
	}

	private static String plain(String user, String password) {
		return b64("\0" + user + "\0" + password);
	}

	private static String b64(String text) {
		return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
