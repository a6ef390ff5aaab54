package dev.mailroom.imap;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageListItem;
import dev.mailroom.mailbox.PageRequest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import jakarta.mail.search.BodyTerm;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Angus Mail's IMAPStore, as Thunderbird-like clients use IMAP: folders, fetching, flags,
 * IDLE, APPEND, MOVE and UIDPLUS, on the same store as the webmail.
 */
class ImapRealClientTests extends ImapTestSupport {

	private Store connect(UserAccount user) throws Exception {
		Properties properties = new Properties();
		properties.put("mail.imaps.ssl.trust", "127.0.0.1");
		properties.put("mail.imaps.connectiontimeout", "5000");
		properties.put("mail.imaps.timeout", "15000");
		Store store = Session.getInstance(properties).getStore("imaps");
		store.connect("127.0.0.1", imapsPort(), user.email(), password(user));
		return store;
	}

	@Test
	void listsTheStandardFoldersWithTheirSpecialUse() throws Exception {
		UserAccount user = user("angusfolders");
		try (Store store = connect(user)) {
			List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
			assertThat(names).contains("INBOX", "Drafts", "Sent", "Archive", "Junk", "Trash");
			IMAPFolder sent = (IMAPFolder) store.getFolder("Sent");
			assertThat(sent.getAttributes()).contains("\\Sent");
			Folder created = store.getFolder("프로젝트");
			assertThat(created.create(Folder.HOLDS_MESSAGES)).isTrue();
			assertThat(this.mailboxes.listFolders(user.id())).anyMatch((folder) -> folder.name().equals("프로젝트"));
			assertThat(created.renameTo(store.getFolder("완료"))).isTrue();
			assertThat(store.getFolder("완료").exists()).isTrue();
			assertThat(store.getFolder("완료").delete(false)).isTrue();
			assertThat(this.mailboxes.listFolders(user.id())).noneMatch((folder) -> folder.name().equals("완료"));
		}
	}

	@Test
	void fetchesKoreanMailAndSharesFlagsWithTheWebmail() throws Exception {
		UserAccount user = user("angusfetch");
		long id = deliver(user, message("=?UTF-8?B?7ZqM7J2YIOyekOujjA==?=", "내일 회의를 합니다")).id();
		try (Store store = connect(user)) {
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_WRITE);
			Message message = inbox.getMessage(1);
			assertThat(message.getSubject()).isEqualTo("회의 자료");
			assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Kim");
			assertThat(message.getContent()).isEqualTo("내일 회의를 합니다\r\n");
			assertThat(this.messages.find(user.id(), id).orElseThrow().item().seen()).isTrue();

			message.setFlag(Flags.Flag.FLAGGED, true);
			assertThat(this.messages.find(user.id(), id).orElseThrow().item().flagged()).isTrue();

			// Changed in the webmail, seen by the client on its next command.
			this.messages.setSeen(user.id(), List.of(id), false);
			inbox.getMessageCount();
			((IMAPFolder) inbox).doCommand((protocol) -> {
				protocol.simpleCommand("NOOP", null);
				return null;
			});
			assertThat(message.isSet(Flags.Flag.SEEN)).isFalse();

			assertThat(inbox.search(new SubjectTerm("회의"))).hasSize(1);
			assertThat(inbox.search(new BodyTerm("회의를"))).hasSize(1);
			assertThat(inbox.search(new BodyTerm("없는말"))).isEmpty();
			inbox.close(false);
		}
	}

	@Test
	void idlingClientsHearOfNewMailWithinASecond() throws Exception {
		UserAccount user = user("angusidle");
		try (Store store = connect(user)) {
			IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			CountDownLatch added = new CountDownLatch(1);
			inbox.addMessageCountListener(new MessageCountAdapter() {
				@Override
				public void messagesAdded(MessageCountEvent event) {
					added.countDown();
				}
			});
			CompletableFuture<Void> idling = CompletableFuture.runAsync(() -> {
				try {
					inbox.idle(true);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			// Let the IDLE command reach the server before the mail does.
			Thread.sleep(300);
			long start = System.nanoTime();
			deliver(user, message("ping", "new mail"));
			assertThat(added.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
			idling.get(5, TimeUnit.SECONDS);
			assertThat(inbox.getMessageCount()).isEqualTo(1);
		}
	}

	@Test
	void appendsToSentWhereTheWebmailShowsIt() throws Exception {
		UserAccount user = user("angusappend");
		try (Store store = connect(user)) {
			IMAPFolder sent = (IMAPFolder) store.getFolder("Sent");
			sent.open(Folder.READ_WRITE);
			MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
			message.setFrom(new InternetAddress(user.email()));
			message.setRecipients(Message.RecipientType.TO, "friend@example.org");
			message.setSubject("보낸 편지", "UTF-8");
			message.setText("안녕", "UTF-8");
			message.setFlag(Flags.Flag.SEEN, true);
			AppendUID[] appended = sent.appendUIDMessages(new Message[] { message });
			assertThat(appended[0].uidvalidity).isEqualTo(sent.getUIDValidity());
			assertThat(sent.getMessageByUID(appended[0].uid).getSubject()).isEqualTo("보낸 편지");
			sent.close(false);
		}
		long sentId = this.messages.folderOf(user.id(), FolderRole.SENT);
		List<MessageListItem> items = this.messages.list(user.id(), sentId, PageRequest.first(10)).items();
		assertThat(items).singleElement().satisfies((item) -> {
			assertThat(item.subject()).isEqualTo("보낸 편지");
			assertThat(item.seen()).isTrue();
		});
	}

	@Test
	void movesAndCopiesWithNewUids() throws Exception {
		UserAccount user = user("angusmove");
		deliver(user, message("first", "1"));
		long second = deliver(user, message("second", "2")).id();
		try (Store store = connect(user)) {
			IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
			inbox.open(Folder.READ_WRITE);
			IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
			Message[] all = inbox.getMessages();
			AppendUID[] copied = inbox.copyUIDMessages(new Message[] { all[0] }, archive);
			assertThat(copied[0].uid).isEqualTo(1);
			inbox.moveMessages(new Message[] { all[1] }, archive);
			assertThat(inboxSize(user)).isEqualTo(1);
			archive.open(Folder.READ_ONLY);
			assertThat(archive.getMessageCount()).isEqualTo(2);
			assertThat(archive.getUID(archive.getMessage(2))).isEqualTo(2);
			assertThat(archive.getMessage(2).getSubject()).isEqualTo("second");
			// UIDs never repeat: a message moved back gets a new one.
			archive.close(false);
			archive.open(Folder.READ_WRITE);
			archive.moveMessages(new Message[] { archive.getMessage(2) }, inbox);
			archive.close(false);
			inbox.close(false);
		}
		MessageListItem movedBack = this.messages.find(user.id(), second).orElseThrow().item();
		assertThat(movedBack.folderId()).isEqualTo(this.messages.folderOf(user.id(), FolderRole.INBOX));
		assertThat(movedBack.uid()).isEqualTo(3);
	}

	@Test
	void deletesAndExpungesWithUidPlus() throws Exception {
		UserAccount user = user("angusexpunge");
		deliver(user, message("keep", "1"));
		deliver(user, message("drop", "2"));
		try (Store store = connect(user)) {
			IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
			inbox.open(Folder.READ_WRITE);
			assertThat(((IMAPStore) store).hasCapability("UIDPLUS")).isTrue();
			Message drop = inbox.getMessage(2);
			drop.setFlag(Flags.Flag.DELETED, true);
			inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
			Message[] expunged = inbox.expunge(new Message[] { drop });
			assertThat(expunged).hasSize(1);
			assertThat(inbox.getMessageCount()).isEqualTo(1);
			assertThat(inbox.getMessage(1).getSubject()).isEqualTo("keep");
			assertThat(((UIDFolder) inbox).getUIDNext()).isEqualTo(3);
			inbox.close(false);
		}
	}

	@Test
	void aMessageDeliveredBySmtpIsFetchedByteForByte() throws Exception {
		UserAccount user = user("smtpbytes");
		String raw = "From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.org>\r\nTo: " + user.email()
				+ "\r\nSubject: =?EUC-KR?B?vsiz58fPvLy/5A==?=\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n\r\n첫 줄\r\n..점으로 시작\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", SMTP_PORT)) {
			socket.setSoTimeout(15_000);
			InputStream in = socket.getInputStream();
			var out = socket.getOutputStream();
			String script = "EHLO client.example.org\r\nMAIL FROM:<kim@example.org>\r\nRCPT TO:<" + user.email()
					+ ">\r\nDATA\r\n";
			out.write(script.getBytes(StandardCharsets.UTF_8));
			out.flush();
			readUntil(in, "354");
			out.write(raw.getBytes(StandardCharsets.UTF_8));
			out.write(".\r\nQUIT\r\n".getBytes(StandardCharsets.UTF_8));
			out.flush();
			readUntil(in, "221");
		}
		byte[] stored;
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			byte[] response = client.commandBytes("UID FETCH 1:* (BODY.PEEK[])");
			String text = new String(response, StandardCharsets.UTF_8);
			int open = text.indexOf('{');
			int close = text.indexOf("}\r\n", open);
			int size = Integer.parseInt(text.substring(open + 1, close));
			int start = new String(response, StandardCharsets.ISO_8859_1).indexOf("}\r\n") + 3;
			stored = Arrays.copyOfRange(response, start, start + size);
		}
		byte[] expected = this.store.openRaw(user.id(),
				this.messages.list(user.id(), this.messages.folderOf(user.id(), FolderRole.INBOX), PageRequest.first(1))
					.items()
					.get(0)
					.id())
			.orElseThrow()
			.readAllBytes();
		assertThat(stored).isEqualTo(expected);
		// What the client sent, after its Received line, with the dot unstuffed.
		assertThat(new String(stored, StandardCharsets.UTF_8)).endsWith(raw.replace("\r\n..점", "\r\n.점"));
	}

	private int inboxSize(UserAccount user) {
		return this.messages.list(user.id(), this.messages.folderOf(user.id(), FolderRole.INBOX), PageRequest.first(50))
			.items()
			.size();
	}

	private static void readUntil(InputStream in, String code) throws Exception {
		StringBuilder seen = new StringBuilder();
		while (!seen.toString().contains("\n" + code + " ") && !seen.toString().startsWith(code + " ")) {
			int b = in.read();
			if (b < 0) {
				throw new IllegalStateException("Closed: " + seen);
			}
			seen.append((char) b);
		}
		while (seen.charAt(seen.length() - 1) != '\n') {
			seen.append((char) in.read());
		}
	}

}
