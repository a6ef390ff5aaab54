package dev.mailroom.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
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
	 * Sending redirects to {@code /mail}, which redirects to the inbox: the "Message
	 * sent." notice was dropped on the way and never shown.
	 */
	@Test
	void aNoticeFlashedForTheStartPageReachesTheInbox() throws Exception {
		MvcResult acted = this.mvc.perform(
				post("/mail/actions").param("action", "read").param("back", "/mail").with(csrf()).with(as(this.kim)))
			.andExpect(redirectedUrl("/mail"))
			.andExpect(flash().attribute("notice", "notice.nothing-selected"))
			.andReturn();
		FlashMap flashed = acted.getFlashMap();

		this.mvc.perform(get("/mail").flashAttrs(flashed).with(as(this.kim)))
			.andExpect(redirectedUrl("/mail/folder/" + this.messages.folderOf(this.kim.id(), FolderRole.INBOX)))
			.andExpect(flash().attribute("notice", "notice.nothing-selected"));
		this.mvc.perform(get("/mail").with(as(this.kim))).andExpect(flash().attributeCount(0));
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

	/**
	 * The live-update stream sent nothing until the mailbox changed, so the browser never
	 * saw it open, and mail that came between rendering the page and subscribing went
	 * unnoticed until the next change. It starts with the current counts now.
	 */
	@Test
	void theLiveUpdateStreamStartsWithTheCurrentCounts() throws Exception {
		MvcResult events = this.mvc.perform(get("/mail/events").with(as(this.kim)))
			.andExpect(request().asyncStarted())
			.andReturn();

		Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
		String stream = "";
		while (!stream.contains("event:counts") && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
			stream = events.getResponse().getContentAsString(StandardCharsets.UTF_8);
		}
		assertThat(stream).contains("event:counts").contains("\"inboxUnread\":0");
	}

}
