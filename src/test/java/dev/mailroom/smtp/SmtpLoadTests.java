package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.mailroom.account.UserAccount;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once: every accepted message is stored exactly once. */
class SmtpLoadTests extends SmtpTestSupport {

	private static final int CLIENTS = 50;

	private static final int MESSAGES_PER_CLIENT = 20;

	@Test
	void storesEveryMessageOfFiftyParallelClientsExactlyOnce() throws Exception {
		UserAccount first = user("load-a");
		UserAccount second = user("load-b");
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int client = 0; client < CLIENTS; client++) {
				int id = client;
				results.add(pool.submit(() -> send(id)));
			}
			int sent = 0;
			for (Future<Integer> result : results) {
				sent += result.get(120, TimeUnit.SECONDS);
			}
			assertThat(sent).isEqualTo(CLIENTS * MESSAGES_PER_CLIENT);
		}
		finally {
			pool.shutdownNow();
		}

		for (UserAccount user : List.of(first, second)) {
			List<String> subjects = inboxSubjects(user.id());
			assertThat(subjects).hasSize(CLIENTS * MESSAGES_PER_CLIENT).doesNotHaveDuplicates();
			List<Long> uids = this.jdbc.sql("select uid from messages where user_id = :u order by uid")
				.param("u", user.id())
				.query(Long.class)
				.list();
			assertThat(uids.get(0)).isEqualTo(1);
			assertThat(uids.get(uids.size() - 1)).isEqualTo(CLIENTS * MESSAGES_PER_CLIENT);
		}
		// Both recipients share each stored copy.
		assertThat(this.jdbc.sql("""
				select count(distinct content_id) from messages where user_id in (:a, :b)
				""").param("a", first.id()).param("b", second.id()).query(Long.class).single())
			.isEqualTo(CLIENTS * MESSAGES_PER_CLIENT);
	}

	private int send(int client) throws Exception {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", String.valueOf(mxPort()));
		properties.put("mail.smtp.timeout", "60000");
		Session session = Session.getInstance(properties);
		int sent = 0;
		try (Transport transport = session.getTransport("smtp")) {
			transport.connect();
			for (int n = 0; n < MESSAGES_PER_CLIENT; n++) {
				MimeMessage message = new MimeMessage(session);
				message.setFrom(new InternetAddress("client" + client + "@example.org"));
				message.setRecipients(Message.RecipientType.TO, "load-a@localhost, load-b@localhost");
				message.setSubject("client " + client + " message " + n, "UTF-8");
				message.setText("부하 시험 " + client + "/" + n, "UTF-8");
				transport.sendMessage(message, message.getAllRecipients());
				sent++;
			}
		}
		return sent;
	}

}
