package dev.mailroom.smtp;

import java.util.List;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.net.TlsProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A running Mailroom with its SMTP listeners on free ports, small limits to test them
 * quickly.
 */
@SpringBootTest(properties = { "mailroom.smtp.port=0", "mailroom.smtp.submission-port=0", "mailroom.smtp.smtps-port=0",
		"mailroom.smtp.bind-address=127.0.0.1", "mailroom.smtp.max-message-size=100KB",
		"mailroom.smtp.max-recipients=5", "mailroom.smtp.max-bad-commands=5", "mailroom.smtp.auth-failure-delay=0ms",
		"mailroom.smtp.spool-threshold=8KB", "mailroom.smtp.max-connections-per-client=60",
		"mailroom.hostname=mx.example.test" })
abstract class SmtpTestSupport {

	@Autowired
	SmtpServer server;

	@Autowired
	AccountService accounts;

	@Autowired
	TlsProvider tls;

	@Autowired
	JdbcClient jdbc;

	int mxPort() {
		return this.server.port(Listener.MX);
	}

	int submissionPort() {
		return this.server.port(Listener.SUBMISSION);
	}

	int smtpsPort() {
		return this.server.port(Listener.SMTPS);
	}

	UserAccount user(String localPart) {
		return this.accounts.createUser(localPart + "@localhost", "password-" + localPart, null, false);
	}

	/** Subjects of the messages in a user's INBOX, oldest first. */
	List<String> inboxSubjects(long userId) {
		return this.jdbc.sql("""
				select c.subject from messages m join message_contents c on c.id = m.content_id
				join folders f on f.id = m.folder_id
				where m.user_id = :user and f.role = 'inbox' order by m.uid
				""").param("user", userId).query(String.class).list();
	}

	/** The raw bytes of the user's newest INBOX message. */
	String newestRaw(long userId) {
		List<byte[]> chunks = this.jdbc
			.sql("""
					select ch.data from message_chunks ch
					where ch.content_id = (select m.content_id from messages m where m.user_id = :user order by m.id desc limit 1)
					order by ch.seq
					""")
			.param("user", userId)
			.query(byte[].class)
			.list();
		StringBuilder raw = new StringBuilder();
		chunks.forEach((chunk) -> raw.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8)));
		return raw.toString();
	}

	long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
