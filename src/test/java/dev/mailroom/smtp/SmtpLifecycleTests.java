package dev.mailroom.smtp;

import java.nio.file.Path;
import java.util.List;

import dev.mailroom.MailroomApplication;
import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners start and stop with the application, and nothing acknowledged is lost across
 * a restart.
 */
class SmtpLifecycleTests {

	@TempDir
	Path dataDir;

	@Test
	void keepsAcknowledgedMailAcrossARestart() throws Exception {
		try (ConfigurableApplicationContext first = start()) {
			first.getBean(AccountService.class).createUser("restart@localhost", "password-restart", null, false);
			assertThat(send(first, "before restart")).startsWith("250 2.0.0");
		}
		try (ConfigurableApplicationContext second = start()) {
			assertThat(send(second, "after restart")).startsWith("250 2.0.0");
			assertThat(second.getBean(JdbcClient.class).sql("""
					select c.subject from messages m join message_contents c on c.id = m.content_id
					join users u on u.id = m.user_id where u.email = 'restart@localhost' order by m.uid
					""").query(String.class).list()).isEqualTo(List.of("before restart", "after restart"));
		}
	}

	@Test
	void gracefulStopLetsASessionInDataFinish() throws Exception {
		ConfigurableApplicationContext context = start();
		try {
			context.getBean(AccountService.class).createUser("stopping@localhost", "password-stopping", null, false);
			SmtpServer server = context.getBean(SmtpServer.class);
			try (RawSmtpClient busy = RawSmtpClient.connect(server.port(Listener.MX));
					RawSmtpClient idle = RawSmtpClient.connect(server.port(Listener.MX))) {
				busy.reply();
				idle.reply();
				busy.send("EHLO client");
				busy.send("MAIL FROM:<a@example.org>");
				busy.send("RCPT TO:<stopping@localhost>");
				assertThat(busy.send("DATA")).startsWith("354");
				busy.write("Subject: in flight\r\n\r\nfirst half\r\n");

				Thread stopper = new Thread(server::stop);
				stopper.start();
				Thread.sleep(300);
				assertThat(idle.reply()).satisfiesAnyOf((reply) -> assertThat(reply).isNull(),
						(reply) -> assertThat(reply).startsWith("421"));
				busy.write("second half\r\n.\r\n");
				assertThat(busy.reply()).startsWith("250 2.0.0");
				stopper.join(10_000);
				assertThat(server.isRunning()).isFalse();
			}
			assertThat(context.getBean(JdbcClient.class)
				.sql("select count(*) from message_contents where subject = 'in flight'")
				.query(Long.class)
				.single()).isEqualTo(1);
		}
		finally {
			context.close();
		}
	}

	@Test
	void closesIdleSessionsWithATimeoutReply() throws Exception {
		try (ConfigurableApplicationContext context = start("--mailroom.smtp.idle-timeout=1s");
				RawSmtpClient client = RawSmtpClient.connect(context.getBean(SmtpServer.class).port(Listener.MX))) {
			client.reply();
			client.send("EHLO client");
			assertThat(client.reply()).endsWith("Timeout, closing connection").startsWith("421 4.4.2 ");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	private static String send(ConfigurableApplicationContext context, String subject) throws Exception {
		try (RawSmtpClient client = RawSmtpClient.connect(context.getBean(SmtpServer.class).port(Listener.MX))) {
			client.reply();
			client.send("EHLO client");
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<restart@localhost>");
			client.send("DATA");
			return client.send("Subject: " + subject + "\r\n\r\nbody\r\n.");
		}
	}

	private ConfigurableApplicationContext start(String... extraArguments) {
		List<String> arguments = new java.util.ArrayList<>(
				List.of("--mailroom.data-dir=" + this.dataDir, "--server.port=0",
						// Generous: the stop waits only as long as the session in
						// DATA needs, and a busy machine once took over 5 s.
						"--mailroom.smtp.stop-grace=30s"));
		arguments.addAll(List.of(extraArguments));
		return new SpringApplicationBuilder(MailroomApplication.class).run(arguments.toArray(String[]::new));
	}

}
