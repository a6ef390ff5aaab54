package dev.mailroom.ftp;

import java.io.ByteArrayInputStream;

import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageListItem;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict settings: anonymous access off (the default) and {@code require-tls}, so
 * passwords and mail never cross the network in plain text.
 */
@SpringBootTest(properties = "mailroom.ftp.require-tls=true")
class FtpTlsRequiredTests extends FtpTestSupport {

	@Test
	void anonymousLoginsAreRefusedWhenOff() throws Exception {
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
	void passwordsAndMailGoOnlyOverTls() throws Exception {
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

}
