package dev.mailroom.pop3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.net.TlsProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Mailroom with its POP3 listeners on free loopback ports (the shared test
 * context: see src/test/resources/application.properties).
 */
@SpringBootTest
abstract class Pop3TestSupport {

	/** UTF-8 in a password works for clients that send UTF-8 (curl, Thunderbird). */
	static final String PASSWORD = "pop3 password 비밀";

	/**
	 * Angus Mail's POP3 client writes commands, and PLAIN credentials, in ISO-8859-1, so
	 * its users get an ASCII password.
	 */
	static final String ASCII_PASSWORD = "pop3 password";

	@Autowired
	Pop3Server server;

	@Autowired
	AccountService accounts;

	@Autowired
	MessageStore store;

	@Autowired
	MessageService messages;

	@Autowired
	TlsProvider tls;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	int pop3Port() {
		return this.server.port(Listener.POP3);
	}

	int pop3sPort() {
		return this.server.port(Listener.POP3S);
	}

	/** A new user with {@link #PASSWORD}. */
	UserAccount user(String name) {
		return user(name, PASSWORD);
	}

	UserAccount user(String name, String password) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return this.accounts.createUser(name + "-" + suffix + "@localhost", password, null, false);
	}

	StoredMessage deliver(UserAccount to, String raw) {
		return deliver(to, raw.getBytes(StandardCharsets.UTF_8));
	}

	StoredMessage deliver(UserAccount to, byte[] raw) {
		return this.store.deliver(new ByteArrayInputStream(raw), List.of(to.id()), Instant.now()).get(0);
	}

	static String message(String subject, String body) {
		return "From: sender@example.org\r\nTo: someone@localhost\r\nSubject: " + subject
				+ "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
				+ "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;
	}

	/** Connected over POP3S and logged in with USER and PASS. */
	RawPop3Client loggedIn(UserAccount user) throws Exception {
		RawPop3Client client = RawPop3Client.connectTls(pop3sPort(), this.tls.certificate());
		assertThat(client.line()).startsWith("+OK ");
		assertThat(client.send("USER " + user.email())).startsWith("+OK");
		assertThat(client.send("PASS " + PASSWORD)).startsWith("+OK Logged in");
		return client;
	}

	byte[] stored(UserAccount user, long messageId) throws IOException {
		try (InputStream raw = this.store.openRaw(user.id(), messageId).orElseThrow()) {
			return raw.readAllBytes();
		}
	}

	boolean seen(long messageId) {
		return this.jdbc.sql("select seen from messages where id = :id")
			.param("id", messageId)
			.query(Boolean.class)
			.single();
	}

	/** The ids of the messages in the user's INBOX, by UID. */
	List<Long> inbox(UserAccount user) {
		return this.jdbc.sql("""
				select m.id from messages m join folders f on f.id = m.folder_id
				where m.user_id = :user and f.role = 'inbox' order by m.uid
				""").param("user", user.id()).query(Long.class).list();
	}

}
