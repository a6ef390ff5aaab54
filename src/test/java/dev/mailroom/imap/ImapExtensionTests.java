package dev.mailroom.imap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The extensions beyond RFC 3501 (CONDSTORE, QUOTA, NAMESPACE, ID, ENABLE, IDLE), Korean
 * search, and curl as a client.
 */
class ImapExtensionTests extends ImapTestSupport {

	@Test
	void condstoreTracksChangesFromTheWebmailToo() throws Exception {
		UserAccount user = user("condstore");
		long first = deliver(user, message("one", "1")).id();
		deliver(user, message("two", "2"));
		try (RawImapClient client = login(user)) {
			String select = client.command("SELECT INBOX (CONDSTORE)");
			long highest = Long.parseLong(select.replaceAll("(?s).*HIGHESTMODSEQ (\\d+).*", "$1"));
			assertThat(client.command("FETCH 1:* (FLAGS) (CHANGEDSINCE " + highest + ")")).doesNotContain("* 1 FETCH");
			this.messages.setFlagged(user.id(), List.of(first), true);
			String changed = client.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + highest + ")");
			assertThat(changed).contains("* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (" + (highest + 1) + "))")
				.doesNotContain("* 2 FETCH (UID 2 FLAGS");
			assertThat(client.command("STORE 1:2 (UNCHANGEDSINCE " + highest + ") +FLAGS.SILENT (\\Seen)"))
				.contains("OK [MODIFIED 1]")
				.contains("* 2 FETCH (MODSEQ (" + (highest + 2) + "))");
			assertThat(client.command("STATUS INBOX (HIGHESTMODSEQ MESSAGES UNSEEN UIDNEXT)"))
				.contains("* STATUS \"INBOX\" (HIGHESTMODSEQ " + (highest + 2) + " MESSAGES 2 UNSEEN 1 UIDNEXT 3)");
			assertThat(client.command("SEARCH MODSEQ " + (highest + 2)))
				.contains("* SEARCH 2 (MODSEQ " + (highest + 2) + ")");
		}
	}

	@Test
	void quotaComesFromTheAccount() throws Exception {
		UserAccount unlimited = user("noquota");
		try (RawImapClient client = login(unlimited)) {
			assertThat(client.command("GETQUOTAROOT INBOX")).contains("* QUOTAROOT \"INBOX\"\r\n")
				.doesNotContain("* QUOTA ");
		}
		UserAccount limited = user("quota");
		this.jdbc.sql("update users set quota_bytes = 2048 where id = :id").param("id", limited.id()).update();
		deliver(limited, message("big", "x".repeat(1000)));
		try (RawImapClient client = login(limited)) {
			assertThat(client.command("GETQUOTAROOT INBOX")).contains("* QUOTAROOT \"INBOX\" \"\"")
				.contains("* QUOTA \"\" (STORAGE 2 2)");
			String big = "Subject: too big\r\n\r\n" + "y".repeat(1500) + "\r\n";
			assertThat(client.command("APPEND INBOX {" + big.length() + "+}\r\n" + big)).contains("NO [OVERQUOTA]");
		}
	}

	@Test
	void answersNamespaceIdAndEnable() throws Exception {
		UserAccount user = user("misc");
		try (RawImapClient client = login(user)) {
			assertThat(client.command("NAMESPACE")).contains("* NAMESPACE ((\"\" \"/\")) NIL NIL");
			assertThat(client.command("ID (\"name\" \"test\")")).contains("* ID (\"name\" \"Mailroom\"");
			assertThat(client.command("ENABLE CONDSTORE X-UNKNOWN")).contains("* ENABLED CONDSTORE\r\n");
			assertThat(client.command("CAPABILITY")).contains("IDLE", "UIDPLUS", "MOVE", "SPECIAL-USE", "NAMESPACE",
					"ID", "ENABLE", "LITERAL+", "CONDSTORE", "QUOTA");
		}
	}

	@Test
	void searchesKoreanWithCharsetUtf8() throws Exception {
		UserAccount user = user("ksearch");
		deliver(user, message("=?EUC-KR?B?yLjAxyC+yLO7?=", "본문에 예산 이야기"));
		deliver(user, message("점심", "다른 이야기"));
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			byte[] word = "회의".getBytes(StandardCharsets.UTF_8);
			String tag = client.nextTag();
			client.write(tag + " SEARCH CHARSET UTF-8 SUBJECT {" + word.length + "}\r\n");
			assertThat(client.line()).startsWith("+ ");
			client.write(word);
			client.write("\r\n");
			assertThat(new String(client.until(tag), StandardCharsets.UTF_8)).contains("* SEARCH 1\r\n");
			assertThat(client.command("UID SEARCH CHARSET UTF-8 BODY \"예산\"")).contains("* SEARCH 1\r\n");
			assertThat(client.command("SEARCH CHARSET UTF-8 TEXT \"이야기\"")).contains("* SEARCH 1 2\r\n");
			assertThat(client.command("SEARCH CHARSET UTF-8 OR SUBJECT 점심 FROM nobody")).contains("* SEARCH 2\r\n");
			assertThat(client.command("SEARCH CHARSET EUC-KR SUBJECT x")).contains("NO [BADCHARSET");
		}
	}

	@Test
	void idlePushesExpungesMadeInTheWebmail() throws Exception {
		UserAccount user = user("idlewebmail");
		long id = deliver(user, message("to trash", "x")).id();
		try (RawImapClient client = login(user)) {
			client.command("SELECT INBOX");
			String tag = client.nextTag();
			client.write(tag + " IDLE\r\n");
			assertThat(client.line()).startsWith("+ ");
			long start = System.nanoTime();
			this.messages.delete(user.id(), List.of(id));
			assertThat(client.line()).isEqualTo("* 1 EXPUNGE");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
			client.write("DONE\r\n");
			assertThat(new String(client.until(tag), StandardCharsets.UTF_8)).contains(tag + " OK IDLE");
		}
		assertThat(this.messages.find(user.id(), id).orElseThrow().item().folderId())
			.isEqualTo(this.messages.folderOf(user.id(), FolderRole.TRASH));
	}

	@Test
	void curlReadsAMessage() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
		UserAccount user = user("curl");
		deliver(user, message("curl", "읽어 주세요"));
		Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "--max-time", "20", "-k",
				"imaps://127.0.0.1:" + imapsPort() + "/INBOX;UID=1", "-u", user.email() + ":" + password(user))
			.redirectErrorStream(true)
			.start();
		byte[] output = curl.getInputStream().readAllBytes();
		assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(curl.exitValue()).isZero();
		assertThat(new String(output, StandardCharsets.UTF_8)).contains("Subject: curl").contains("읽어 주세요");
	}

}
