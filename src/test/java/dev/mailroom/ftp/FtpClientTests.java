package dev.mailroom.ftp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import dev.mailroom.account.UserAccount;
import dev.mailroom.imap.ImapPorts;
import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageListItem;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FTP with real clients (commons-net, curl): mail folders as directories, messages as
 * files byte for byte, uploads imported, deletes, moves, attachments, {@code /pub} for
 * anonymous users, and every way out of a user's view refused.
 */
@SpringBootTest(properties = { "mailroom.ftp.anonymous.enabled=true", "mailroom.smtp.max-message-size=300KB",
		"mailroom.ftp.max-connections-per-client=12" })
class FtpClientTests extends FtpTestSupport {

	private static final String KOREAN_MAIL = """
			From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.org>
			To: ftpuser@localhost
			Subject: =?UTF-8?B?7ZqM7J2YIOyekOujjDog7JWI64WV7ZWY7IS47JqUIC8gMjAyNg==?=
			Date: Tue, 03 Mar 2026 09:15:00 +0900
			Message-ID: <ftp-1@example.org>
			MIME-Version: 1.0
			Content-Type: text/plain; charset=UTF-8
			Content-Transfer-Encoding: 8bit

			다음 주 회의 자료입니다.
			.a line starting with a dot
			""";

	@Test
	void listsFoldersAndDownloadsSmtpMailByteForByteInPassiveActiveAndEpsvMode() throws Exception {
		UserAccount user = user("ftpuser");
		byte[] sent = crlf(KOREAN_MAIL);
		deliver("ftpuser@localhost", sent);
		MessageListItem delivered = list(user, FolderRole.INBOX).get(0);
		byte[] stored = raw(user, delivered.id());
		assertThat(new String(stored, StandardCharsets.UTF_8))
			.startsWith("Return-Path: <sender@example.org>\r\nReceived:");
		assertThat(Arrays.copyOfRange(stored, stored.length - sent.length, stored.length)).isEqualTo(sent);

		FTPClient client = login(user);
		try {
			assertThat(client.hasFeature("UTF8")).isTrue();
			assertThat(client.hasFeature("MLST")).isTrue();
			assertThat(client.sendCommand("OPTS", "UTF8 ON")).isEqualTo(200);
			assertThat(client.listNames("/")).contains("INBOX", "Sent", "Drafts", "Archive", "Junk", "Trash", "pub");
			assertThat(client.changeWorkingDirectory("INBOX")).isTrue();
			assertThat(client.printWorkingDirectory()).isEqualTo("/INBOX");
			String name = delivered.internalDate().atZone(java.time.ZoneOffset.UTC).toLocalDate() + "_"
					+ delivered.uid() + "_회의 자료_ 안녕하세요 _ 2026.eml";
			FTPFile[] listed = client.listFiles();
			assertThat(Arrays.stream(listed).map(FTPFile::getName)).contains(name, "attachments");
			FTPFile[] facts = client.mlistDir();
			FTPFile file = Arrays.stream(facts).filter((f) -> f.getName().equals(name)).findFirst().orElseThrow();
			assertThat(file.isFile()).isTrue();
			assertThat(file.getSize()).isEqualTo(stored.length);
			assertThat(file.getTimestamp().toInstant())
				.isEqualTo(delivered.internalDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
			assertThat(client.mlistFile(name).getSize()).isEqualTo(stored.length);
			assertThat(client.getSize(name)).isEqualTo(String.valueOf(stored.length));

			assertThat(retrieve(client, name)).isEqualTo(stored);
			// REST: a download resumed where it broke off.
			client.setRestartOffset(100);
			assertThat(retrieve(client, name)).isEqualTo(Arrays.copyOfRange(stored, 100, stored.length));
			client.setRestartOffset(0);
			client.enterLocalActiveMode();
			assertThat(retrieve(client, "/INBOX/" + name)).isEqualTo(stored);
			client.enterLocalPassiveMode();
			client.setUseEPSVwithIPv4(true);
			assertThat(retrieve(client, name)).isEqualTo(stored);
			// In ASCII mode the server sends the CRLF lines as they are; the client
			// turns them into its local line ends.
			client.setFileType(FTPClient.ASCII_FILE_TYPE);
			assertThat(new String(retrieve(client, name), StandardCharsets.UTF_8))
				.isEqualTo(new String(stored, StandardCharsets.UTF_8).replace("\r\n", System.lineSeparator()));
		}
		finally {
			logout(client);
		}
	}

	/** The only message of a folder as a mail client sees it over IMAPS. */
	private byte[] overImap(UserAccount user, String folderName) throws Exception {
		Properties properties = new Properties();
		properties.put("mail.imaps.ssl.trust", "127.0.0.1");
		properties.put("mail.imaps.connectiontimeout", "5000");
		properties.put("mail.imaps.timeout", "15000");
		Store store = Session.getInstance(properties).getStore("imaps");
		store.connect("127.0.0.1", ImapPorts.imaps(this.context), user.email(),
				"password-" + user.email().substring(0, user.email().indexOf('@')));
		try {
			jakarta.mail.Folder folder = store.getFolder(folderName);
			folder.open(jakarta.mail.Folder.READ_ONLY);
			assertThat(folder.getMessageCount()).isEqualTo(1);
			ByteArrayOutputStream raw = new ByteArrayOutputStream();
			folder.getMessage(1).writeTo(raw);
			folder.close(false);
			return raw.toByteArray();
		}
		finally {
			store.close();
		}
	}

	@Test
	void uploadedMessagesAreImportedAndAnythingElseIsRefused() throws Exception {
		UserAccount user = user("uploader");
		FTPClient client = login(user);
		try {
			assertThat(client.makeDirectory("/프로젝트")).as(client.getReplyString()).isTrue();
			assertThat(client.makeDirectory("/프로젝트/2026 봄")).as(client.getReplyString()).isTrue();
			assertThat(client.changeWorkingDirectory("/프로젝트/2026 봄")).isTrue();
			// Saved on Unix: bare LF line ends, stored as CRLF.
			String eml = "From: Lee <lee@example.org>\nTo: uploader@localhost\nSubject: 업로드한 편지\n"
					+ "Date: Mon, 02 Feb 2026 10:00:00 +0000\nMessage-ID: <up-1@example.org>\n\n본문입니다.\n";
			assertThat(client.storeFile("업로드.eml", new ByteArrayInputStream(eml.getBytes(StandardCharsets.UTF_8))))
				.as(client.getReplyString())
				.isTrue();
			assertThat(client.getReplyString()).contains("Stored as /프로젝트/2026 봄/2026-02-02_1_업로드한 편지.eml");

			Folder spring = this.mailboxes.listFolders(user.id())
				.stream()
				.filter((f) -> f.name().equals("2026 봄"))
				.findFirst()
				.orElseThrow();
			List<MessageListItem> items = this.messages
				.list(user.id(), spring.id(), dev.mailroom.mailbox.PageRequest.first(10))
				.items();
			assertThat(items).extracting(MessageListItem::subject).containsExactly("업로드한 편지");
			assertThat(items.get(0).from().get(0).address()).isEqualTo("lee@example.org");
			assertThat(items.get(0).internalDate()).isEqualTo(java.time.Instant.parse("2026-02-02T10:00:00Z"));
			byte[] expected = crlf(eml);
			assertThat(raw(user, items.get(0).id())).isEqualTo(expected);
			assertThat(retrieve(client, "2026-02-02_1_업로드한 편지.eml")).isEqualTo(expected);
			assertThat(overImap(user, "프로젝트/2026 봄")).isEqualTo(expected);

			// Not a message: a PDF, a text file, a header that never ends. Nothing
			// stored.
			for (byte[] notMail : List.of("%PDF-1.4\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1),
					"hello, this is a note\n".getBytes(StandardCharsets.UTF_8),
					"Note: not a mail\n\nbody\n".getBytes(StandardCharsets.UTF_8))) {
				assertThat(client.storeFile("x.eml", new ByteArrayInputStream(notMail))).isFalse();
				assertThat(client.getReplyCode()).as(client.getReplyString()).isEqualTo(553);
			}
			// Too large (over mailroom.smtp.max-message-size): 552, nothing stored.
			byte[] large = new byte[400 * 1024];
			Arrays.fill(large, (byte) 'a');
			byte[] header = crlf("From: a@example.org\nSubject: big\n\n");
			System.arraycopy(header, 0, large, 0, header.length);
			assertThat(client.storeFile("big.eml", new ByteArrayInputStream(large))).isFalse();
			assertThat(client.getReplyCode()).as(client.getReplyString()).isEqualTo(552);
			// Nowhere else: not the root, not /pub, not attachments.
			for (String path : List.of("/x.eml", "/pub/x.eml", "/INBOX/attachments/x.eml", "/nothere/x.eml")) {
				assertThat(client.storeFile(path, new ByteArrayInputStream(expected))).isFalse();
				assertThat(client.getReplyCode()).as(path + ": " + client.getReplyString()).isEqualTo(553);
			}
			assertThat(this.messages.list(user.id(), spring.id(), dev.mailroom.mailbox.PageRequest.first(10)).items())
				.hasSize(1);
			assertThat(list(user, FolderRole.INBOX)).isEmpty();
		}
		finally {
			logout(client);
		}
	}

	@Test
	void deletesMovesAndManagesFolders() throws Exception {
		UserAccount user = user("filer");
		deliver("filer@localhost", crlf("From: a@example.org\nSubject: one\n\nbody\n"));
		deliver("filer@localhost", crlf("From: a@example.org\nSubject: two\n\nbody\n"));
		FTPClient client = login(user);
		try {
			client.changeWorkingDirectory("/INBOX");
			String[] names = client.listNames();
			String one = Arrays.stream(names).filter((n) -> n.endsWith("_one.eml")).findFirst().orElseThrow();
			String two = Arrays.stream(names).filter((n) -> n.endsWith("_two.eml")).findFirst().orElseThrow();

			// DELE: to Trash, and from Trash for good.
			assertThat(client.deleteFile(one)).as(client.getReplyString()).isTrue();
			assertThat(list(user, FolderRole.TRASH)).extracting(MessageListItem::subject).containsExactly("one");
			String inTrash = client.listNames("/Trash")[1];
			assertThat(inTrash).endsWith("_one.eml");
			assertThat(client.deleteFile("/Trash/" + inTrash)).as(client.getReplyString()).isTrue();
			assertThat(list(user, FolderRole.TRASH)).isEmpty();

			// RNFR/RNTO a message: moved to another folder.
			assertThat(client.rename(two, "/Archive/" + two)).as(client.getReplyString()).isTrue();
			assertThat(list(user, FolderRole.ARCHIVE)).extracting(MessageListItem::subject).containsExactly("two");
			assertThat(list(user, FolderRole.INBOX)).isEmpty();
			// Renaming inside its folder is not a thing a message can do.
			String archived = client.listNames("/Archive")[1];
			assertThat(client.rename("/Archive/" + archived, "/Archive/other.eml")).isFalse();
			assertThat(client.getReplyCode()).isEqualTo(553);

			// Folders: make, rename, nest, remove when empty; system folders stay.
			assertThat(client.makeDirectory("/보관")).isTrue();
			assertThat(client.makeDirectory("/보관")).isFalse();
			assertThat(client.rename("/보관", "/Archive/보관 2026")).as(client.getReplyString()).isTrue();
			assertThat(client.listNames("/Archive")).contains("보관 2026");
			assertThat(client.rename("/Archive/" + archived, "/Archive/보관 2026")).isTrue();
			assertThat(client.removeDirectory("/Archive/보관 2026")).isFalse();
			assertThat(client.deleteFile("/Archive/보관 2026/" + client.listNames("/Archive/보관 2026")[1])).isTrue();
			assertThat(client.removeDirectory("/Archive/보관 2026")).as(client.getReplyString()).isTrue();
			for (String system : List.of("/Trash", "/INBOX", "/Sent")) {
				assertThat(client.removeDirectory(system)).isFalse();
				assertThat(client.rename(system, "/Renamed")).isFalse();
			}
			assertThat(client.makeDirectory("/pub")).isFalse();
			assertThat(client.makeDirectory("/INBOX/attachments")).isFalse();
			assertThat(this.mailboxes.listFolders(user.id())).extracting(Folder::name)
				.containsExactlyInAnyOrder("INBOX", "Drafts", "Sent", "Archive", "Junk", "Trash");
		}
		finally {
			logout(client);
		}
	}

	@Test
	void attachmentsOfAFolderAreFilesOfTheirOwn() throws Exception {
		UserAccount user = user("attach");
		byte[] pdf = "%PDF-1.4 not really a pdf, but bytes\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);
		String mail = """
				From: a@example.org
				Subject: invoice
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="b"

				--b
				Content-Type: text/plain; charset=UTF-8

				see attached
				--b
				Content-Type: application/pdf
				Content-Disposition: attachment; filename*=UTF-8''%EA%B2%AC%EC%A0%81%EC%84%9C.pdf
				Content-Transfer-Encoding: base64

				PDFDATA
				--b--
				""".replace("PDFDATA", Base64.getMimeEncoder().encodeToString(pdf));
		deliver("attach@localhost", crlf(mail));
		long uid = list(user, FolderRole.INBOX).get(0).uid();
		FTPClient client = login(user);
		try {
			FTPFile[] files = client.mlistDir("/INBOX/attachments");
			assertThat(files).hasSize(1);
			assertThat(files[0].getName()).matches("\\d{4}-\\d{2}-\\d{2}_" + uid + "_1_견적서\\.pdf");
			assertThat(files[0].getSize()).isEqualTo(pdf.length);
			assertThat(retrieve(client, "/INBOX/attachments/" + files[0].getName())).isEqualTo(pdf);
			assertThat(client.deleteFile("/INBOX/attachments/" + files[0].getName())).isFalse();
			assertThat(client.listNames("/Sent/attachments")).isNullOrEmpty();
		}
		finally {
			logout(client);
		}
	}

	@Test
	void pubIsReadOnlyForUsersAndTheOnlyThingAnonymousSees() throws Exception {
		Path pubDir = this.ftp.pubRoot();
		Files.createDirectories(pubDir.resolve("docs"));
		byte[] manual = "사용 설명서\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
		Files.write(pubDir.resolve("docs").resolve("설명서.txt"), manual);
		Path secret = Files.writeString(pubDir.getParent().resolve("secret.txt"), "secret");
		Files.createSymbolicLink(pubDir.resolve("link.txt"), secret);
		Files.createSymbolicLink(pubDir.resolve("etc"), Paths.get("/etc"));

		for (String login : List.of("anonymous", "ftp")) {
			FTPClient anonymous = login(new FTPClient(), login, "guest@example.org");
			try {
				assertThat(anonymous.printWorkingDirectory()).isEqualTo("/pub");
				assertThat(anonymous.listNames("/")).containsExactly("pub");
				assertThat(anonymous.listNames()).containsExactly("docs");
				assertThat(retrieve(anonymous, "docs/설명서.txt")).isEqualTo(manual);
				assertThat(anonymous.retrieveFile("link.txt", OutputStream.nullOutputStream())).isFalse();
				assertThat(anonymous.retrieveFile("etc/passwd", OutputStream.nullOutputStream())).isFalse();
				assertThat(anonymous.changeWorkingDirectory("/INBOX")).isFalse();
				assertThat(anonymous.storeFile("docs/new.txt", new ByteArrayInputStream(new byte[] { 1 }))).isFalse();
				assertThat(anonymous.deleteFile("docs/설명서.txt")).isFalse();
				assertThat(anonymous.makeDirectory("new")).isFalse();
				assertThat(anonymous.rename("docs", "docs2")).isFalse();
			}
			finally {
				logout(anonymous);
			}
		}
		assertThat(Files.exists(pubDir.resolve("docs").resolve("설명서.txt"))).isTrue();

		UserAccount user = user("reader");
		FTPClient client = login(user);
		try {
			assertThat(retrieve(client, "/pub/docs/설명서.txt")).isEqualTo(manual);
			assertThat(client.deleteFile("/pub/docs/설명서.txt")).isFalse();
			assertThat(client.makeDirectory("/pub/new")).isFalse();
		}
		finally {
			logout(client);
		}
	}

	@Test
	void noPathLeavesTheViewAndNoUserSeesAnothersMail() throws Exception {
		UserAccount owner = user("owner");
		UserAccount other = user("other");
		deliver("owner@localhost", crlf("From: a@example.org\nSubject: private\n\nfor owner only\n"));
		FTPClient ownerClient = login(owner);
		String name;
		try {
			assertThat(ownerClient.makeDirectory("/Owner Only")).isTrue();
			name = ownerClient.listNames("/INBOX")[1];
		}
		finally {
			logout(ownerClient);
		}

		FTPClient client = login(other);
		try {
			assertThat(client.listNames("/")).doesNotContain("Owner Only");
			assertThat(client.changeWorkingDirectory("/Owner Only")).isFalse();
			assertThat(client.retrieveFile("/INBOX/" + name, OutputStream.nullOutputStream())).isFalse();
			assertThat(client.listNames("/INBOX")).containsExactly("attachments");
			for (String path : List.of("..", "/..", "../..", "/../etc", "INBOX/../../etc", "/pub/../../etc")) {
				assertThat(client.changeWorkingDirectory(path)).as(path).isFalse();
			}
			for (String path : List.of("../../../../etc/passwd", "/etc/passwd", "/pub/../../etc/passwd",
					"/pub/../../../../../../etc/passwd", "//etc/passwd", "/INBOX/../../secret.txt")) {
				assertThat(client.retrieveFile(path, OutputStream.nullOutputStream())).as(path).isFalse();
				assertThat(client.getReplyCode()).as(path).isEqualTo(550);
			}
			assertThat(client.sendCommand("CWD", "/INBOX\u0000/../..")).isEqualTo(550);
			assertThat(client.sendCommand("MKD", "bad\u0000name")).isEqualTo(550);
			assertThat(client.printWorkingDirectory()).isEqualTo("/");
			assertThat(this.mailboxes.listFolders(other.id())).hasSize(6);
		}
		finally {
			logout(client);
		}
	}

	@Test
	void portAndEprtOnlyToTheClientItself() throws Exception {
		UserAccount user = user("bouncer");
		FTPClient client = login(user);
		try {
			assertThat(client.sendCommand("PORT", "127,0,0,2,117,48")).isEqualTo(501);
			assertThat(client.sendCommand("EPRT", "|1|127.0.0.2|30000|")).isEqualTo(501);
			assertThat(client.sendCommand("PORT", "127,0,0,1,117,48")).isEqualTo(200);
		}
		finally {
			logout(client);
		}
	}

	@Test
	void explicitFtpsProtectsControlAndData() throws Exception {
		UserAccount user = user("secure");
		deliver("secure@localhost", crlf("From: a@example.org\nSubject: over tls\n\nbody\n"));
		byte[] stored = raw(user, list(user, FolderRole.INBOX).get(0).id());
		FTPSClient client = ftps();
		try {
			login(client, "secure@localhost", "password-secure");
			client.execPBSZ(0);
			client.execPROT("P");
			String name = client.listNames("/INBOX")[1];
			assertThat(retrieve(client, "/INBOX/" + name)).isEqualTo(stored);
			client.enterLocalActiveMode();
			assertThat(retrieve(client, "/INBOX/" + name)).isEqualTo(stored);
		}
		finally {
			logout(client);
		}
	}

	@Test
	void epsvAndEprtOverIpv6() throws Exception {
		java.net.InetAddress loopback6 = java.net.InetAddress.getByName("::1");
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, loopback6)) {
			// IPv6 loopback is there.
		}
		catch (IOException ex) {
			org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback");
		}
		UserAccount user = user("six");
		deliver("six@localhost", crlf("From: a@example.org\nSubject: over ipv6\n\nbody\n"));
		byte[] stored = raw(user, list(user, FolderRole.INBOX).get(0).id());
		restart("::1", false, true);
		FTPClient client = new FTPClient();
		client.setControlEncoding("UTF-8");
		client.setDefaultTimeout(20_000);
		client.connect("::1", this.ftp.port());
		try {
			assertThat(client.login("six@localhost", "password-six")).isTrue();
			client.setFileType(FTPClient.BINARY_FILE_TYPE);
			client.enterLocalPassiveMode();
			String name = client.listNames("/INBOX")[1];
			assertThat(retrieve(client, "/INBOX/" + name)).isEqualTo(stored);
			client.enterLocalActiveMode();
			assertThat(retrieve(client, "/INBOX/" + name)).isEqualTo(stored);
			assertThat(client.sendCommand("EPRT", "|2|::2|30000|")).isEqualTo(501);
		}
		finally {
			logout(client);
		}
	}

	@Test
	void wrongPasswordsAreRefusedAndThrottled() throws Exception {
		user("guessed");
		for (int attempt = 0; attempt < 6; attempt++) {
			FTPClient client = connect(new FTPClient());
			try {
				assertThat(client.login("guessed@localhost", "wrong-" + attempt)).isFalse();
				assertThat(client.getReplyCode()).isEqualTo(530);
			}
			finally {
				client.disconnect();
			}
		}
		// Throttled now, with the right password too.
		FTPClient client = connect(new FTPClient());
		try {
			assertThat(client.login("guessed@localhost", "password-guessed")).isFalse();
			assertThat(client.getReplyCode()).isEqualTo(530);
		}
		finally {
			client.disconnect();
		}
	}

	@Test
	void connectionsFromOneClientAreLimited() throws Exception {
		// Sessions of earlier tests close on the server a moment after their clients.
		long deadline = System.currentTimeMillis() + 10_000;
		while (this.ftp.connections() > 0 && System.currentTimeMillis() < deadline) {
			Thread.onSpinWait();
		}
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 12; i++) {
				sockets.add(open());
				assertThat(readLine(sockets.get(i))).startsWith("220");
			}
			Socket extra = open();
			sockets.add(extra);
			assertThat(readLine(extra)).startsWith("421");
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	@Test
	void curlListsDownloadsAndUploads() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Paths.get("/usr/bin/curl")), "curl");
		UserAccount user = user("curly");
		deliver("curly@localhost", crlf("From: a@example.org\nSubject: by curl\n\nbody\n"));
		byte[] stored = raw(user, list(user, FolderRole.INBOX).get(0).id());
		String base = "ftp://127.0.0.1:" + this.ftp.port();
		String listing = new String(curl("--user", "curly@localhost:password-curly", "--list-only", base + "/INBOX/"),
				StandardCharsets.UTF_8);
		String name = listing.lines().filter((line) -> line.endsWith("_by curl.eml")).findFirst().orElseThrow();
		String url = base + "/INBOX/" + name.replace(" ", "%20");
		assertThat(curl("--user", "curly@localhost:password-curly", url)).isEqualTo(stored);
		assertThat(curl("--user", "curly@localhost:password-curly", "--ssl-reqd", "--insecure", url)).isEqualTo(stored);
		Path upload = Files.createTempFile("upload", ".eml");
		Files.write(upload, crlf("From: b@example.org\nSubject: uploaded by curl\n\nbody\n"));
		curl("--user", "curly@localhost:password-curly", "-T", upload.toString(), base + "/Archive/");
		assertThat(list(user, FolderRole.ARCHIVE)).extracting(MessageListItem::subject)
			.containsExactly("uploaded by curl");
		Files.delete(upload);
	}

	@Test
	void idleConnectionsAreClosed() throws Exception {
		restart("127.0.0.1", false, true, java.time.Duration.ofSeconds(1));
		try (Socket socket = open()) {
			assertThat(readLine(socket)).startsWith("220");
			long start = System.nanoTime();
			// Blocks until the server gives up on the silent client and closes (FtpServer
			// says nothing before it does).
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(java.time.Duration.ofSeconds(9));
		}
	}

	@Test
	void stopsAndStartsWithTheApplication() throws Exception {
		this.ftp.stop();
		assertThat(this.ftp.isRunning()).isFalse();
		this.ftp.start();
		assertThat(this.ftp.isRunning()).isTrue();
		FTPClient client = connect(new FTPClient());
		client.disconnect();
	}

	@Test
	void anonymousLoginsAreRefusedWhenOff() throws Exception {
		strict();
		for (String login : new String[] { "anonymous", "ftp" }) {
			FTPClient client = connect(new FTPClient());
			try {
				assertThat(client.login(login, "guest@example.org")).isFalse();
				assertThat(client.getReplyCode()).isEqualTo(530);
			}
			finally {
				client.disconnect();
			}
		}
	}

	@Test
	void passwordsAndMailGoOnlyOverTlsWhenRequired() throws Exception {
		strict();
		UserAccount user = user("strict");
		deliver("strict@localhost", crlf("From: a@example.org\nSubject: secret\n\nbody\n"));
		FTPClient plain = connect(new FTPClient());
		try {
			assertThat(plain.login("strict@localhost", "password-strict")).isFalse();
			assertThat(plain.getReplyCode()).isEqualTo(530);
			assertThat(plain.getReplyString()).contains("AUTH TLS");
		}
		finally {
			plain.disconnect();
		}

		FTPSClient client = login(ftps(), "strict@localhost", "password-strict");
		try {
			assertThat(client.listNames("/INBOX")).isNull();
			assertThat(client.getReplyCode()).isEqualTo(521);
			client.execPBSZ(0);
			client.execPROT("P");
			String name = client.listNames("/INBOX")[1];
			assertThat(retrieve(client, "/INBOX/" + name))
				.isEqualTo(raw(user, list(user, FolderRole.INBOX).get(0).id()));
			assertThat(client.storeFile("/Drafts/draft.eml",
					new ByteArrayInputStream(crlf("From: strict@localhost\nSubject: 임시 저장\n\ndraft\n"))))
				.as(client.getReplyString())
				.isTrue();
			assertThat(list(user, FolderRole.DRAFTS)).extracting(MessageListItem::subject).containsExactly("임시 저장");
		}
		finally {
			logout(client);
		}
	}

	private FtpProperties defaults;

	/**
	 * The strict settings for one test: anonymous access off (the default) and
	 * {@code require-tls}, so passwords and mail never cross the network in plain text.
	 */
	private void strict() {
		restart("127.0.0.1", true, false);
	}

	private void restart(String bindAddress, boolean requireTls, boolean anonymous) {
		restart(bindAddress, requireTls, anonymous, this.ftp.properties().idleTimeout());
	}

	private void restart(String bindAddress, boolean requireTls, boolean anonymous, java.time.Duration idleTimeout) {
		FtpProperties p = this.ftp.properties();
		this.defaults = p;
		this.ftp
			.restart(new FtpProperties(p.enabled(), p.port(), bindAddress, p.passivePorts(), p.passiveExternalAddress(),
					requireTls, new FtpProperties.Anonymous(anonymous), p.pubDir(), p.maxConnections(),
					p.maxConnectionsPerClient(), idleTimeout, p.loginFailureDelay(), p.maxLoginFailures()));
	}

	@AfterEach
	void lenient() {
		if (this.defaults != null) {
			this.ftp.restart(this.defaults);
			this.defaults = null;
		}
	}

	private byte[] curl(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "30"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
		return output;
	}

	private Socket open() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.ftp.port()), 5_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String readLine(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.append((char) b);
		}
		return line.toString();
	}

}
