package dev.mailroom.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.account.UserSettings;
import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PageRequest;
import dev.mailroom.mailbox.StoredMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The webmail's pages and actions through the whole application, on the embedded
 * PostgreSQL.
 */
@SpringBootTest
@AutoConfigureMockMvc
class WebmailTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	MessageStore store;

	@Autowired
	MessageService messages;

	@Autowired
	UserSettingsService settings;

	@Autowired
	dev.mailroom.mailbox.MailboxService mailboxes;

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

	private long deliver(UserAccount to, String raw, Charset charset) {
		List<StoredMessage> stored = this.store.deliver(new ByteArrayInputStream(raw.getBytes(charset)),
				List.of(to.id()), Instant.now());
		return stored.get(0).id();
	}

	private long korean(UserAccount to) {
		return deliver(to, """
				From: =?EUC-KR?B?sejDtryu?= <park@example.org>
				To: %s
				Subject: =?UTF-8?B?7ZqM7J2YIOyekOujjA==?=
				Content-Type: text/plain; charset=euc-kr
				Content-Transfer-Encoding: 8bit

				내일 회의를 합니다.
				""".formatted(to.email()).replace("\n", "\r\n"), Charset.forName("EUC-KR"));
	}

	@Test
	void signingInWithTheFormLandsInTheInbox() throws Exception {
		this.mvc.perform(get("/mail")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
		this.mvc
			.perform(post("/login").param("username", this.kim.email()).param("password", "kim-password").with(csrf()))
			.andExpect(redirectedUrl("/mail"));
		this.mvc.perform(post("/login").param("username", this.kim.email()).param("password", "wrong").with(csrf()))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void inboxListsKoreanMailDecodedAndTheMessageOpens() throws Exception {
		long id = korean(this.kim);
		long inbox = this.messages.folderOf(this.kim.id(), FolderRole.INBOX);
		String list = this.mvc.perform(get("/mail/folder/" + inbox).with(as(this.kim)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", WebSecurityConfiguration.PAGE_POLICY))
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(list).contains("회의 자료").contains("김철수".equals("x") ? "" : "내일 회의를 합니다");
		assertThat(list).contains("message-row unread");

		String page = this.mvc.perform(get("/mail/message/" + id).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("회의 자료").contains("park@example.org");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().item().seen()).isTrue();

		String body = this.mvc.perform(get("/mail/message/" + id + "/body").with(as(this.kim)))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(body).contains("내일 회의를 합니다.");
	}

	@Test
	void anotherUsersMessageIsNotFoundOnEveryUrl() throws Exception {
		long id = korean(this.kim);
		for (String url : List.of("/mail/message/" + id, "/mail/message/" + id + "/body",
				"/mail/message/" + id + "/raw", "/mail/message/" + id + "/part/1",
				"/mail/folder/" + this.messages.folderOf(this.kim.id(), FolderRole.INBOX))) {
			this.mvc.perform(get(url).with(as(this.lee))).andExpect(status().isNotFound());
		}
		this.mvc
			.perform(post("/mail/actions").param("id", Long.toString(id))
				.param("action", "delete")
				.with(csrf())
				.with(as(this.lee)))
			.andExpect(status().is3xxRedirection());
		assertThat(this.messages.find(this.kim.id(), id)).isPresent();
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.INBOX);
	}

	@Test
	void actionsNeedACsrfToken() throws Exception {
		long id = korean(this.kim);
		this.mvc
			.perform(post("/mail/actions").param("id", Long.toString(id)).param("action", "delete").with(as(this.kim)))
			.andExpect(status().isForbidden());
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.INBOX);
	}

	@Test
	void deleteGoesToTrashThenForeverAndStarsAndArchiveWork() throws Exception {
		long id = korean(this.kim);
		act(id, "star");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().item().flagged()).isTrue();
		act(id, "archive");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.ARCHIVE);
		act(id, "delete");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.TRASH);
		act(id, "delete");
		assertThat(this.messages.find(this.kim.id(), id)).isEmpty();
	}

	@Test
	void spamAndNotSpamMoveBetweenJunkAndInbox() throws Exception {
		long id = korean(this.kim);
		act(id, "spam");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.JUNK);
		act(id, "notspam");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.INBOX);
	}

	@Test
	void keysetPagesReachTheOldestMessage() throws Exception {
		for (int i = 0; i < 25; i++) {
			deliver(this.kim, "Subject: number " + i + "\r\n\r\nbody\r\n", StandardCharsets.US_ASCII);
		}
		long inbox = this.messages.folderOf(this.kim.id(), FolderRole.INBOX);
		var first = this.messages.list(this.kim.id(), inbox, PageRequest.first(10));
		assertThat(first.items()).hasSize(10);
		assertThat(first.items().get(0).subject()).isEqualTo("number 24");
		var last = this.messages.list(this.kim.id(), inbox, new PageRequest(PageRequest.Direction.LAST, null, 10));
		assertThat(last.items().get(last.items().size() - 1).subject()).isEqualTo("number 0");
		assertThat(last.older()).isNull();
		var second = this.messages.list(this.kim.id(), inbox,
				new PageRequest(PageRequest.Direction.OLDER, first.older(), 10));
		assertThat(second.items().get(0).subject()).isEqualTo("number 14");
		var back = this.messages.list(this.kim.id(), inbox,
				new PageRequest(PageRequest.Direction.NEWER, second.newer(), 10));
		assertThat(back.items()).isEqualTo(first.items());
		assertThat(back.newer()).isNull();
	}

	@Test
	void foldersAreCreatedNestedRenamedAndDeletedIntoTrash() throws Exception {
		this.mvc.perform(post("/mail/folders").param("name", "보관함").with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection());
		String folders = this.mvc.perform(get("/mail/folders").with(as(this.kim)))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(folders).contains("보관함");
		this.mvc.perform(post("/mail/folders").param("name", "a/b").with(csrf()).with(as(this.kim)))
			.andExpect(redirectedUrl("/mail/folders"));
	}

	@Test
	void showOriginalIsPlainText() throws Exception {
		long id = deliver(this.kim, "Subject: <script>alert(1)</script>\r\n\r\n<b>hi</b>\r\n",
				StandardCharsets.US_ASCII);
		this.mvc.perform(get("/mail/message/" + id + "/raw").with(as(this.kim)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "text/plain;charset=UTF-8"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("<b>hi</b>")));
	}

	private void act(long id, String action) throws Exception {
		this.mvc
			.perform(post("/mail/actions").param("id", Long.toString(id))
				.param("action", action)
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(status().is3xxRedirection());
	}

	@Test
	void replyIsPrefilledAndSendingReachesTheLocalRecipient() throws Exception {
		long id = korean(this.kim);
		String compose = this.mvc.perform(get("/mail/compose").param("reply", Long.toString(id)).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(compose).contains("Re: 회의 자료").contains("park@example.org").contains("&gt; 내일 회의를 합니다.");

		// Sent at once: the undo-send delay has its own tests (ComposeTests,
		// OutboxTests).
		this.settings.save(this.kim.id(), new UserSettings("", null, null, 50, 0));
		this.mvc
			.perform(post("/mail/compose").param("to", "이영희 <" + this.lee.email() + ">")
				.param("subject", "점심 약속")
				.param("text", "12시에 만나요")
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(redirectedUrl("/mail/folder/" + this.messages.folderOf(this.kim.id(), FolderRole.INBOX)));
		long leeInbox = this.messages.folderOf(this.lee.id(), FolderRole.INBOX);
		assertThat(this.messages.list(this.lee.id(), leeInbox, PageRequest.first(10)).items())
			.extracting((item) -> item.subject())
			.containsExactly("점심 약속");
		long kimSent = this.messages.folderOf(this.kim.id(), FolderRole.SENT);
		assertThat(this.messages.list(this.kim.id(), kimSent, PageRequest.first(10)).items()).hasSize(1);
	}

	@Test
	void sendingWithoutRecipientsKeepsWhatWasTyped() throws Exception {
		String page = this.mvc
			.perform(
					post("/mail/compose").param("subject", "초안 제목").param("text", "본문").with(csrf()).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("초안 제목").contains("Add at least one recipient");
	}

	@Test
	void htmlMailIsSanitisedAndRemoteImagesBlocked() throws Exception {
		long id = deliver(this.kim, """
				Subject: html
				Content-Type: text/html; charset=utf-8

				<p onclick="steal()">hello <img src="https://attacker.example/pixel.gif"><script>alert(1)</script></p>
				""".replace("\n", "\r\n"), StandardCharsets.UTF_8);
		var response = this.mvc.perform(get("/mail/message/" + id + "/body").with(as(this.kim)))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Remote-Images-Blocked", "true"))
			.andReturn()
			.getResponse();
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(body).contains("hello")
			.doesNotContain("<script")
			.doesNotContain("onclick")
			.doesNotContain("attacker.example");
		assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'none'")
			.doesNotContain("script-src");
		String shown = this.mvc.perform(get("/mail/message/" + id + "/body").param("images", "true").with(as(this.kim)))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(shown).contains("https://attacker.example/pixel.gif");
	}

	@Test
	void theImagesBarShowsOnlyWhenSomethingWasHidden() throws Exception {
		long plain = korean(this.kim);
		long html = deliver(this.kim,
				"Subject: pixel\r\nContent-Type: text/html\r\n\r\n<p>hi<img src=\"https://tracker.example/p.gif\"></p>\r\n",
				StandardCharsets.US_ASCII);
		assertThat(page("/mail/message/" + plain)).doesNotContain("images-blocked");
		assertThat(page("/mail/message/" + html)).contains("images-blocked");
	}

	private String search(String query) throws Exception {
		return this.mvc.perform(get("/mail/search").param("q", query).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(url).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void searchFindsKoreanWordsInsideLongerWordsAndOnlyTheUsersOwnMail() throws Exception {
		korean(this.kim);
		korean(this.lee);
		String results = "";
		// The search index is filled by a background job within a second or so.
		for (int i = 0; i < 50 && !results.contains("회의 자료"); i++) {
			Thread.sleep(200);
			results = search("회의");
		}
		assertThat(results).contains("회의 자료").contains("Results for");
		assertThat(org.apache.commons.lang3.StringUtils.countMatches(results, "class=\"message-row")).isEqualTo(1);
		assertThat(search("from:nobody@nowhere")).contains("No messages here.");
	}

	@Test
	void everyOtherUrlTakingAnIdRefusesAnotherUsersThings() throws Exception {
		long id = korean(this.kim);
		long thread = this.messages.find(this.kim.id(), id).orElseThrow().item().threadId();
		long folder = this.mailboxes.createFolder(this.kim.id(), null, "비밀");
		for (String url : List.of("/mail/thread/" + thread, "/mail/compose?reply=" + id, "/mail/compose?replyAll=" + id,
				"/mail/compose?forward=" + id, "/mail/compose?forwardAttached=" + id, "/mail/compose?draft=" + id)) {
			this.mvc.perform(get(url).with(as(this.lee))).andExpect(status().isNotFound());
		}
		this.mvc.perform(post("/mail/message/" + id + "/trust-images").with(csrf()).with(as(this.lee)))
			.andExpect(status().isNotFound());
		this.mvc.perform(post("/mail/folders/" + folder + "/delete").with(csrf()).with(as(this.lee)))
			.andExpect(status().is3xxRedirection());
		this.mvc
			.perform(post("/mail/folders/" + folder + "/rename").param("name", "빼앗김").with(csrf()).with(as(this.lee)))
			.andExpect(status().is3xxRedirection());
		this.mvc
			.perform(post("/mail/actions").param("id", Long.toString(id))
				.param("action", "move")
				.param("target", Long.toString(folder))
				.with(csrf())
				.with(as(this.lee)))
			.andExpect(status().isNotFound());
		assertThat(this.mailboxes.findFolder(this.kim.id(), folder).orElseThrow().name()).isEqualTo("비밀");
		assertThat(this.messages.find(this.kim.id(), id).orElseThrow().folderRole()).isEqualTo(FolderRole.INBOX);
	}

}
