package dev.mailroom.smtp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import dev.mailroom.account.UserAccount;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Angus Mail's SMTP client, as Thunderbird-like mail clients and other servers talk to
 * us.
 */
class SmtpRealClientTests extends SmtpTestSupport {

	@Test
	void submitsOverStartTlsWithAuthentication() throws Exception {
		user("angus");
		UserAccount rcpt = user("angusrcpt");
		Session session = session(submissionPort(), true);
		MimeMessage message = message(session, "angus@localhost", "angusrcpt@localhost", "제출 테스트", "UTF-8", "본문",
				"quoted-printable");

		try (Transport transport = session.getTransport("smtp")) {
			transport.connect("127.0.0.1", submissionPort(), "angus@localhost", "password-angus");
			assertThat(((SMTPTransport) transport).getExtensionParameter("AUTH")).isEqualTo("PLAIN LOGIN");
			transport.sendMessage(message, message.getAllRecipients());
			assertThat(((SMTPTransport) transport).getLastServerResponse()).startsWith("250 2.0.0 Ok: stored as");
		}

		assertThat(inboxSubjects(rcpt.id())).containsExactly("제출 테스트");
		assertThat(newestRaw(rcpt.id())).contains("with ESMTPSA id");
	}

	@Test
	void refusesWrongPasswordsFromRealClients() throws Exception {
		user("angusbad");
		Session session = session(submissionPort(), true);
		try (Transport transport = session.getTransport("smtp")) {
			assertThatThrownBy(() -> transport.connect("127.0.0.1", submissionPort(), "angusbad@localhost", "wrong"))
				.isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
				.hasMessageContaining("535 5.7.8");
		}
	}

	@Test
	void storesKoreanMailInEveryCharsetAndEncodingWithItsSummaryDecoded() throws Exception {
		UserAccount rcpt = user("korean");
		Session session = session(mxPort(), false);
		record Case(String subject, String charset, String encoding, String body) {
		}
		List<Case> cases = List.of(new Case("회의 일정 안내", "UTF-8", "base64", "다음 주 화요일 오후 3시입니다."),
				new Case("똠방각하 뷁", "UTF-8", "quoted-printable", "안녕하세요, 똠양꿍 드실래요?"),
				new Case("견적서 송부의 건", "EUC-KR", "base64", "첨부한 견적서를 확인해 주십시오."),
				new Case("월간 보고", "EUC-KR", "quoted-printable", "이번 달 실적을 보고드립니다."));
		try (Transport transport = session.getTransport("smtp")) {
			transport.connect("127.0.0.1", mxPort(), null, null);
			for (Case c : cases) {
				MimeMessage message = message(session, "kim@example.org", "korean@localhost", c.subject(), c.charset(),
						c.body(), c.encoding());
				message.setFrom(new InternetAddress("kim@example.org", "김철수", c.charset()));
				transport.sendMessage(message, message.getAllRecipients());
			}
		}

		assertThat(inboxSubjects(rcpt.id())).containsExactly("회의 일정 안내", "똠방각하 뷁", "견적서 송부의 건", "월간 보고");
		List<String> previews = this.jdbc.sql("""
				select c.preview from messages m join message_contents c on c.id = m.content_id
				where m.user_id = :user order by m.uid
				""").param("user", rcpt.id()).query(String.class).list();
		assertThat(previews).containsExactly("다음 주 화요일 오후 3시입니다.", "안녕하세요, 똠양꿍 드실래요?", "첨부한 견적서를 확인해 주십시오.",
				"이번 달 실적을 보고드립니다.");
		List<String> senders = this.jdbc.sql("""
				select c.from_list->0->>'name' from messages m join message_contents c on c.id = m.content_id
				where m.user_id = :user order by m.uid
				""").param("user", rcpt.id()).query(String.class).list();
		assertThat(senders).containsOnly("김철수");
		// The EUC-KR messages really travelled in EUC-KR.
		assertThat(newestRaw(rcpt.id())).contains("=?EUC-KR?");
	}

	private static MimeMessage message(Session session, String from, String to, String subject, String charset,
			String body, String encoding) throws Exception {
		MimeMessage message = new MimeMessage(session);
		message.setFrom(new InternetAddress(from));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject(MimeUtility.encodeText(subject, charset, encoding.equals("base64") ? "B" : "Q"));
		message.setText(body, charset);
		message.setHeader("Content-Transfer-Encoding", encoding);
		message.saveChanges();
		message.setHeader("Content-Transfer-Encoding", encoding);
		assertThat(Charset.forName(charset).newEncoder().canEncode(body)).isTrue();
		return message;
	}

	private Session session(int port, boolean startTls) {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", String.valueOf(port));
		properties.put("mail.smtp.localhost", "client.example.org");
		properties.put("mail.smtp.timeout", "15000");
		properties.put("mail.smtp.connectiontimeout", "5000");
		if (startTls) {
			properties.put("mail.smtp.auth", "true");
			properties.put("mail.smtp.starttls.enable", "true");
			properties.put("mail.smtp.starttls.required", "true");
			properties.put("mail.smtp.ssl.trust", "127.0.0.1");
			properties.put("mail.smtp.ssl.checkserveridentity", "true");
		}
		properties.put("mail.mime.charset", StandardCharsets.UTF_8.name());
		return Session.getInstance(properties);
	}

}
