package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import dev.mailroom.MailroomApplication;
import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay host that wants STARTTLS and AUTH, as a smarthost does: a second Mailroom,
 * whose submission listener refuses AUTH without TLS.
 */
@SpringBootTest
class OutboundRelayTests {

	static final ConfigurableApplicationContext relay;

	static final int submissionPort;

	static {
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			submissionPort = probe.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		try {
			relay = new SpringApplicationBuilder(MailroomApplication.class).run(
					"--mailroom.data-dir=" + Files.createTempDirectory("mailroom-relay"), "--server.port=0",
					"--mailroom.domains=relay.test,localhost", "--mailroom.smtp.allow-plain-auth=false",
					"--mailroom.smtp.submission-port=" + submissionPort);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		AccountService accounts = relay.getBean(AccountService.class);
		accounts.createUser("relayuser@localhost", "relay-password", null, false);
		accounts.createUser("friend@relay.test", "friend-password", null, false);
	}

	@DynamicPropertySource
	static void relayHost(DynamicPropertyRegistry registry) {
		registry.add("mailroom.delivery.relay-host", () -> "127.0.0.1:" + submissionPort);
		registry.add("mailroom.delivery.relay-username", () -> "relayuser@localhost");
		registry.add("mailroom.delivery.relay-password", () -> "relay-password");
	}

	@AfterAll
	static void stopRelay() {
		relay.close();
	}

	@Autowired
	SubmissionService submissions;

	@Autowired
	OutboundQueue queue;

	@Autowired
	AccountService accounts;

	@Test
	void sendsThroughTheRelayHostWithStartTlsAndAuth() throws Exception {
		long user = this.accounts.createUser("relayuser@localhost", "local-password", null, false).id();
		String raw = "From: relayuser@localhost\r\nTo: friend@relay.test\r\nSubject: via relay\r\n\r\nbody\r\n";
		Submission submission = this.submissions.submit(
				new Envelope("relayuser@localhost", List.of("friend@relay.test"), user),
				new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), Instant.now());

		this.queue.deliverDue();

		assertThat(this.queue.statusOf(submission.contentId()).get(0).state()).isEqualTo("delivered");
		String stored = relay.getBean(JdbcClient.class)
			.sql("""
					select convert_from(ch.data, 'UTF8') from messages m join message_chunks ch on ch.content_id = m.content_id
					join users u on u.id = m.user_id where u.email = 'friend@relay.test'
					""")
			.query(String.class)
			.single();
		assertThat(stored).contains("Subject: via relay").contains("with ESMTPSA");
	}

}
