package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Queued mail leaves at once, not at the next poll (which here is an hour away). */
@SpringBootTest(properties = { "mailroom.delivery.enabled=true", "mailroom.delivery.poll-interval=1h" })
class OutboundWakeUpTests {

	static final GreenMail greenMail = new GreenMail(
			new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

	static {
		greenMail.start();
	}

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("mailroom.delivery.routes.wake.test", () -> "127.0.0.1:" + greenMail.getSmtp().getPort());
	}

	@AfterAll
	static void stop() {
		greenMail.stop();
	}

	@Autowired
	SubmissionService submissions;

	@Autowired
	AccountService accounts;

	@Test
	void deliversRightAfterTheSubmissionCommits() throws Exception {
		long user = this.accounts.createUser("waker@localhost", "waker-password", null, false).id();
		String raw = "From: waker@localhost\r\nTo: friend@wake.test\r\nSubject: now\r\n\r\nbody\r\n";

		this.submissions.submit(new Envelope("waker@localhost", List.of("friend@wake.test"), user),
				new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), Instant.now());

		assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
		assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("now");
	}

}
