package dev.mailroom.autoconfig;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Which host and ports autoconfiguration publishes, from the settings. */
class MailEndpointsTests {

	@Test
	void publishesTheListenerPortsByDefault() {
		MailEndpoints endpoints = new MailEndpoints(properties(null, null, null), "mail.example.org",
				new MockEnvironment());

		assertThat(endpoints.host()).isEqualTo("mail.example.org");
		assertThat(endpoints.all()).extracting(MailEndpoints.Endpoint::port)
			.containsExactly(1993, 1143, 1995, 1110, 2465, 2587);
	}

	@Test
	void publishesWhatDockerMapsAndLeavesOutWhatIsOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("mailroom.pop3.port", "-1")
			.withProperty("mailroom.smtp.submission-port", "0");

		MailEndpoints endpoints = new MailEndpoints(properties(" imap.example.org ", 993, -1), "ignored", environment);

		assertThat(endpoints.host()).isEqualTo("imap.example.org");
		assertThat(endpoints.all()).extracting((e) -> e.protocol() + " " + e.security() + " " + e.port())
			.containsExactly("IMAP IMPLICIT_TLS 993", "POP3 IMPLICIT_TLS 1995", "SMTP IMPLICIT_TLS 2465",
					"SMTP STARTTLS 587");
	}

	@Test
	void escapesEverythingThatCouldChangeTheDocument() {
		assertThat(Xml.escape("<a href=\"x\">&'</a>\u0000\u0008\u001b 한글 \uD83D\uDCE7"))
			.isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt; 한글 \uD83D\uDCE7");
	}

	private static AutoconfigProperties properties(String host, Integer imapsPort, Integer imapPort) {
		return new AutoconfigProperties(host, "Mailroom", imapsPort, imapPort, null, null, null, null);
	}

}
