package dev.mailroom.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Webmail bugs that the browser tests ({@code src/browser-test}) found, pinned down here
 * so that the plain build catches them again.
 */
@SpringBootTest
@AutoConfigureMockMvc
class WebmailRegressionTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	MessageService messages;

	@Autowired
	MailboxService mailboxes;

	private UserAccount kim;

	private UserAccount lee;

	@BeforeEach
	void users() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.kim = this.accounts.createUser("kim-" + suffix + "@localhost", "kim-password", "김철수", false);
		this.lee = this.accounts.createUser("lee-" + suffix + "@localhost", "lee-password", "이영희", false);
	}

	private RequestPostProcessor as(UserAccount account) {
		return user(account.email()).roles("USER");
	}

	/**
	 * The sidebar indented subfolders with a {@code style} attribute, which the page's
	 * Content-Security-Policy ({@code style-src 'self'}) refuses: every mailbox page
	 * logged one violation per folder, and subfolders were not indented.
	 */
	@Test
	void pagesCarryNoStyleAttributes() throws Exception {
		long parent = this.mailboxes.createFolder(this.kim.id(), null, "프로젝트");
		this.mailboxes.createFolder(this.kim.id(), parent, "보관함");
		long inbox = this.messages.folderOf(this.kim.id(), FolderRole.INBOX);

		for (String page : new String[] { "/mail/folder/" + inbox, "/mail/folders", "/mail/compose" }) {
			String html = this.mvc.perform(get(page).with(as(this.kim)))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString(StandardCharsets.UTF_8);
			assertThat(html).as(page).doesNotContainPattern("(?i)\\sstyle\\s*=").contains("data-depth=\"1\"");
		}
	}

}
