package dev.mailroom.ftp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageListItem;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PageRequest;
import dev.mailroom.net.TlsProvider;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Mailroom with FTP and SMTP on free loopback ports, and helpers to deliver
 * mail by SMTP and to log in with commons-net's real FTP clients.
 */
abstract class FtpTestSupport {

	private static final int SMTP_PORT = freePort();

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("mailroom.smtp.port", () -> SMTP_PORT);
	}

	@Autowired
	FtpService ftp;

	@Autowired
	AccountService accounts;

	@Autowired
	MailboxService mailboxes;

	@Autowired
	MessageService messages;

	@Autowired
	MessageStore store;

	@Autowired
	TlsProvider tls;

	@Autowired
	org.springframework.context.ApplicationContext context;

	UserAccount user(String localPart) {
		return this.accounts.createUser(localPart + "@localhost", "password-" + localPart, null, false);
	}

	FTPClient login(UserAccount user) throws IOException {
		return login(new FTPClient(), user.email(), "password-" + user.email().substring(0, user.email().indexOf('@')));
	}

	<C extends FTPClient> C login(C client, String login, String password) throws IOException {
		connect(client);
		assertThat(client.login(login, password)).as(client.getReplyString()).isTrue();
		client.setFileType(FTP.BINARY_FILE_TYPE);
		client.enterLocalPassiveMode();
		return client;
	}

	<C extends FTPClient> C connect(C client) throws IOException {
		client.setControlEncoding("UTF-8");
		client.setDefaultTimeout(20_000);
		client.setDataTimeout(java.time.Duration.ofSeconds(20));
		client.connect("127.0.0.1", this.ftp.port());
		assertThat(FTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
		return client;
	}

	FTPSClient ftps() throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("mailroom", this.tls.certificate());
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		FTPSClient client = new FTPSClient("TLS", false);
		TrustManager[] managers = factory.getTrustManagers();
		client.setTrustManager(managers[0]);
		return client;
	}

	static byte[] retrieve(FTPClient client, String path) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(client.retrieveFile(path, out)).as(client.getReplyString()).isTrue();
		return out.toByteArray();
	}

	static void logout(FTPClient client) {
		try {
			if (client.isConnected()) {
				client.logout();
				client.disconnect();
			}
		}
		catch (IOException ex) {
			// Already closed by the server.
		}
	}

	/** Delivers a message by SMTP to the MX listener, as another server would. */
	static void deliver(String recipient, byte[] raw) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", SMTP_PORT), 5_000);
			socket.setSoTimeout(20_000);
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = socket.getOutputStream();
			expect(in, "220");
			for (String command : List.of("EHLO client.example.org", "MAIL FROM:<sender@example.org>",
					"RCPT TO:<" + recipient + ">", "DATA")) {
				out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
				expect(in, command.equals("DATA") ? "354" : "250");
			}
			ByteArrayOutputStream data = new ByteArrayOutputStream();
			boolean lineStart = true;
			for (byte b : raw) {
				if (lineStart && b == '.') {
					data.write('.');
				}
				data.write(b);
				lineStart = b == '\n';
			}
			data.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
			out.write(data.toByteArray());
			out.flush();
			expect(in, "250");
			out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
	}

	private static void expect(BufferedReader in, String code) throws IOException {
		String line;
		do {
			line = in.readLine();
			assertThat(line).isNotNull().startsWith(code);
		}
		while (line.charAt(3) == '-');
	}

	/** The newest messages of a user's folder as the webmail lists them. */
	List<MessageListItem> list(UserAccount user, FolderRole role) {
		return this.messages.list(user.id(), this.messages.folderOf(user.id(), role), PageRequest.first(50)).items();
	}

	byte[] raw(UserAccount user, long messageId) {
		try (InputStream in = this.store.openRaw(user.id(), messageId).orElseThrow()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] crlf(String text) {
		return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
