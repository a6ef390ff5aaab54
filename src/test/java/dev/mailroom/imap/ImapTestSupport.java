package dev.mailroom.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.net.TlsProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Mailroom with its IMAP listeners (and the SMTP MX listener) on free loopback
 * ports; passwords only over TLS, as in production.
 */
@SpringBootTest(properties = { "mailroom.imap.auth-failure-delay=0ms", "mailroom.imap.max-literal-size=1MB",
		"mailroom.imap.idle-poll=60s" })
abstract class ImapTestSupport {

	private static final AtomicInteger USERS = new AtomicInteger();

	static final int SMTP_PORT = freePort();

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("mailroom.smtp.port", () -> SMTP_PORT);
	}

	@Autowired
	ImapServer server;

	@Autowired
	AccountService accounts;

	@Autowired
	MessageStore store;

	@Autowired
	MessageService messages;

	@Autowired
	MailboxService mailboxes;

	@Autowired
	TlsProvider tls;

	@Autowired
	JdbcClient jdbc;

	int imapPort() {
		return this.server.port(false);
	}

	int imapsPort() {
		return this.server.port(true);
	}

	/**
	 * A new user with a unique address; the password is {@code "password-" + local part}.
	 */
	UserAccount user(String prefix) {
		String local = prefix + USERS.incrementAndGet();
		return this.accounts.createUser(local + "@localhost", "password-" + local, null, false);
	}

	static String password(UserAccount user) {
		return "password-" + user.email().substring(0, user.email().indexOf('@'));
	}

	StoredMessage deliver(UserAccount user, String raw) {
		List<StoredMessage> stored = this.store.deliver(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
				List.of(user.id()), Instant.now());
		return stored.get(0);
	}

	static String message(String subject, String body) {
		return "From: Kim <kim@example.org>\r\nTo: you@localhost\r\nSubject: " + subject
				+ "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0900\r\nMessage-ID: <" + System.nanoTime()
				+ "@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
				+ "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
	}

	/** A session logged in over IMAPS. */
	RawImapClient login(UserAccount user) throws Exception {
		RawImapClient client = RawImapClient.connectTls(imapsPort(), this.tls.certificate());
		String answer = client.command("LOGIN " + user.email() + " " + password(user));
		if (!answer.contains("OK")) {
			throw new IllegalStateException(answer);
		}
		return client;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
