package dev.mailroom.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.smtp.SmtpPorts;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real POP3 clients: Angus Mail's POP3 store (as Java mail clients use it) and curl, and
 * a message that arrived by SMTP fetched byte for byte.
 */
class Pop3RealClientTests extends Pop3TestSupport {

	@Test
	void angusListsRetrievesAndDeletesOverStls() throws Exception {
		UserAccount user = user("angus", ASCII_PASSWORD);
		StoredMessage first = deliver(user, message("=?UTF-8?B?7ZqM7J2YIOydvOyglQ==?=", "다음 주 화요일입니다.\r\n"));
		StoredMessage second = deliver(user, message("second", "two\r\n"));
		Store store = session().getStore("pop3");
		store.connect("127.0.0.1", pop3Port(), user.email(), ASCII_PASSWORD);
		try {
			POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
			inbox.open(Folder.READ_WRITE);
			Message[] messages = inbox.getMessages();
			assertThat(messages).hasSize(2);
			assertThat(messages[0].getSubject()).isEqualTo("회의 일정");
			assertThat(messages[0].getContent()).isEqualTo("다음 주 화요일입니다.\r\n");
			assertThat(inbox.getSizes()).containsExactly(stored(user, first.id()).length,
					stored(user, second.id()).length);
			String uid = inbox.getUID(messages[0]);
			assertThat(uid).endsWith("." + first.uid());

			messages[0].setFlag(Flags.Flag.DELETED, true);
			inbox.close(true);
		}
		finally {
			store.close();
		}
		assertThat(inbox(user)).containsExactly(second.id());
		assertThat(seen(second.id())).isFalse();

		store = session().getStore("pop3");
		store.connect("127.0.0.1", pop3Port(), user.email(), ASCII_PASSWORD);
		try {
			POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			assertThat(inbox.getMessageCount()).isEqualTo(1);
			assertThat(inbox.getUID(inbox.getMessage(1))).endsWith("." + second.uid());
			inbox.close(false);
		}
		finally {
			store.close();
		}
	}

	@Test
	void angusReadsOverImplicitTls() throws Exception {
		UserAccount user = user("angus-tls", ASCII_PASSWORD);
		StoredMessage message = deliver(user, message("over 995", "implicit TLS\r\n"));
		Store store = session().getStore("pop3s");
		store.connect("127.0.0.1", pop3sPort(), user.email(), ASCII_PASSWORD);
		try {
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			MimeMessage fetched = (MimeMessage) inbox.getMessage(1);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			fetched.writeTo(bytes);
			assertThat(bytes.toByteArray()).isEqualTo(stored(user, message.id()));
			inbox.close(false);
		}
		finally {
			store.close();
		}
		assertThat(seen(message.id())).isTrue();
	}

	@Test
	void aMessageDeliveredBySmtpIsFetchedByteIdentical() throws Exception {
		UserAccount user = user("smtp-pop3");
		String data = "From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.org>\r\nTo: " + user.email()
				+ "\r\nSubject: =?UTF-8?B?7JWI64WV?=\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
				+ "첫 줄\r\n.점으로 시작\r\n..\r\n.\r\n끝\r\n";
		smtp(user.email(), data);
		List<Long> inbox = inbox(user);
		assertThat(inbox).hasSize(1);
		byte[] stored = stored(user, inbox.get(0));

		try (RawPop3Client client = loggedIn(user)) {
			assertThat(client.send("RETR 1")).isEqualTo("+OK " + stored.length + " octets");
			byte[] fetched = client.body();
			assertThat(fetched).isEqualTo(stored);
			// What SMTP carried, after the trace headers Mailroom added in front.
			String text = new String(fetched, StandardCharsets.UTF_8);
			assertThat(text).startsWith("Return-Path: <kim@example.org>\r\nReceived: ").endsWith(data);
		}
		assertThat(curlRetr(user, 1)).isEqualTo(stored);
	}

	@Test
	void curlListsAndRetrievesOverStls() throws Exception {
		Assumptions.assumeTrue(curlAvailable(), "curl is not installed");
		UserAccount user = user("curl");
		String raw = message("curl", "fetched by curl\r\n.dot line\r\n");
		StoredMessage message = deliver(user, raw);

		Result list = curl(user, "pop3://127.0.0.1:" + pop3Port() + "/");
		assertThat(list.exitCode()).isZero();
		assertThat(new String(list.output(), StandardCharsets.US_ASCII)).isEqualTo("1 " + raw.length() + "\r\n");
		assertThat(curlRetr(user, 1)).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
		assertThat(seen(message.id())).isTrue();

		Result wrong = curl(user.email() + ":wrong password", "pop3://127.0.0.1:" + pop3Port() + "/");
		assertThat(wrong.exitCode()).isEqualTo(67); // CURLE_LOGIN_DENIED
	}

	private Session session() {
		Properties properties = new Properties();
		properties.put("mail.pop3.starttls.enable", "true");
		properties.put("mail.pop3.starttls.required", "true");
		properties.put("mail.pop3.ssl.trust", "127.0.0.1");
		properties.put("mail.pop3s.ssl.trust", "127.0.0.1");
		properties.put("mail.pop3.connectiontimeout", "5000");
		properties.put("mail.pop3.timeout", "15000");
		properties.put("mail.pop3s.connectiontimeout", "5000");
		properties.put("mail.pop3s.timeout", "15000");
		return Session.getInstance(properties);
	}

	/** Speaks SMTP to the MX listener, as another server would. */
	private void smtp(String recipient, String data) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", SmtpPorts.mx(this.context)), 5000);
			socket.setSoTimeout(15000);
			InputStream in = socket.getInputStream();
			String stuffed = data.replace("\r\n.", "\r\n..");
			String dialog = "EHLO client.example.org\r\nMAIL FROM:<kim@example.org>\r\nRCPT TO:<" + recipient
					+ ">\r\nDATA\r\n";
			expect(in, "220");
			socket.getOutputStream().write(("EHLO client.example.org\r\n").getBytes(StandardCharsets.US_ASCII));
			String ehlo;
			do {
				ehlo = readLine(in);
			}
			while (ehlo.startsWith("250-"));
			for (String command : dialog.split("\r\n")) {
				if (!command.startsWith("EHLO")) {
					socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
					expect(in, command.equals("DATA") ? "354" : "250");
				}
			}
			socket.getOutputStream().write((stuffed + ".\r\n").getBytes(StandardCharsets.UTF_8));
			expect(in, "250");
			socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private static void expect(InputStream in, String code) throws IOException {
		String line = readLine(in);
		assertThat(line).startsWith(code);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8).strip();
	}

	record Result(int exitCode, byte[] output) {
	}

	private byte[] curlRetr(UserAccount user, int number) throws Exception {
		Assumptions.assumeTrue(curlAvailable(), "curl is not installed");
		Result result = curl(user, "pop3://127.0.0.1:" + pop3Port() + "/" + number);
		assertThat(result.exitCode()).isZero();
		return result.output();
	}

	private Result curl(UserAccount user, String url) throws Exception {
		return curl(user.email() + ":" + PASSWORD, url);
	}

	/** curl with STLS required, trusting the test certificate (-k: loopback only). */
	private static Result curl(String credentials, String url) throws Exception {
		Process process = new ProcessBuilder("curl", "-sS", "--ssl-reqd", "-k", "--max-time", "20", "--user",
				credentials, url)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private static boolean curlAvailable() {
		try {
			Process process = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
			String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
					&& Arrays.asList(version.split("\\s+")).contains("pop3");
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
