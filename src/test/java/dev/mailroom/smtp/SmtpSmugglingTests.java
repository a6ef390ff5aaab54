package dev.mailroom.smtp;

import java.util.List;

import dev.mailroom.account.UserAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTP smuggling (December 2023): an end-of-data marker that is not CRLF.CRLF must never
 * end the data, so a second message hidden in the first is never created.
 */
class SmtpSmugglingTests extends SmtpTestSupport {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\\n.\\n", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r\\n" })
	void neverCreatesASecondMessageFromAFakeEndOfData(String marker) throws Exception {
		UserAccount victim = user("smuggle" + Math.abs(marker.hashCode()));
		String fakeEnd = marker.replace("\\r", "\r").replace("\\n", "\n");
		String smuggled = "MAIL FROM:<ceo@localhost>\r\nRCPT TO:<" + victim.email() + ">\r\nDATA\r\n"
				+ "Subject: smuggled\r\n\r\nwire the money\r\n.\r\n";
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.send("EHLO attacker.example");
			client.send("MAIL FROM:<attacker@example.org>");
			client.send("RCPT TO:<" + victim.email() + ">");
			assertThat(client.send("DATA")).startsWith("354");

			client.write("Subject: innocent\r\n\r\nhello" + fakeEnd + smuggled);

			// The smuggled ".\r\n" is the real end: one reply, a refusal, for
			// one message.
			assertThat(client.reply()).isEqualTo("550 5.6.0 Message refused: bare CR or LF in data (RFC 5321 2.3.8)");
			assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
		}
		assertThat(inboxSubjects(victim.id())).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "\\n.\\n", "\\n.\\r\\n", "\\r\\n.\\n", "\\r.\\r\\n" })
	void neverRunsSmuggledCommandsAfterTheRealEnd(String marker) throws Exception {
		UserAccount victim = user("smuggle-real" + Math.abs(marker.hashCode()));
		String fakeEnd = marker.replace("\\r", "\r").replace("\\n", "\n");
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.send("EHLO attacker.example");
			client.send("MAIL FROM:<attacker@example.org>");
			client.send("RCPT TO:<" + victim.email() + ">");
			client.send("DATA");
			client.write("Subject: first\r\n\r\nhello" + fakeEnd + "MAIL FROM:<ceo@localhost>\r\nRCPT TO:<"
					+ victim.email() + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n");
			assertThat(client.reply()).startsWith("550 5.6.0");

			// An honest message afterwards still works: the session stayed in step.
			client.send("MAIL FROM:<friend@example.org>");
			client.send("RCPT TO:<" + victim.email() + ">");
			client.send("DATA");
			assertThat(client.send("Subject: honest\r\n\r\nhi\r\n.")).startsWith("250 2.0.0");
		}
		assertThat(inboxSubjects(victim.id())).isEqualTo(List.of("honest"));
	}

	/**
	 * The data is scanned in blocks: a CRLF, a stuffed dot or the end marker split across
	 * TCP segments must read exactly as if it came at once, and commands pipelined after
	 * the end must still run.
	 */
	// More than one 8 KB read block, in lines just under the limit.
	private static final String LINES = ("z".repeat(990) + "\r\n").repeat(12);

	@Test
	void dataSplitAtEveryAwkwardPlaceReadsTheSame() throws Exception {
		UserAccount user = user("split-data");
		String[] pieces = { "Subject: split\r", "\n\r\n" + LINES + "line one\r\n.", ".stuffed\r", "\n", ".", "\r",
				"\nQUIT\r\n" };
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.send("EHLO sender.example");
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<" + user.email() + ">");
			assertThat(client.send("DATA")).startsWith("354");
			for (String piece : pieces) {
				client.write(piece);
				// Long enough for the server to read each piece on its own.
				Thread.sleep(30);
			}
			assertThat(client.reply()).startsWith("250 2.0.0");
			assertThat(client.reply()).startsWith("221 2.0.0");
		}
		assertThat(newestRaw(user.id())).endsWith("Subject: split\r\n\r\n" + LINES + "line one\r\n.stuffed\r\n");
	}

}
