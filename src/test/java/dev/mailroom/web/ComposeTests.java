package dev.mailroom.web;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.account.UserSettings;
import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.Correspondent;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.MimePart;
import dev.mailroom.mime.ParsedMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The compose page through the whole application: undo send, drafts, attachments, address
 * suggestions and the rich-text body.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ComposeTests {

	private static final String PDF_NAME = "보고서 최종.pdf";

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	UserSettingsService settings;

	@Autowired
	MessageService messages;

	@Autowired
	MessageStore store;

	@Autowired
	JdbcClient jdbc;

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

	private void undoSeconds(UserAccount account, int seconds) {
		this.settings.save(account.id(), new UserSettings("", null, "en", 50, seconds));
	}

	private MockMultipartHttpServletRequestBuilder compose(String path, String to, String subject, String text) {
		MockMultipartHttpServletRequestBuilder request = multipart(path);
		request.param("to", to).param("subject", subject).param("text", text);
		request.with(csrf()).with(as(this.kim));
		return request;
	}

	private static MockMultipartFile pdf(byte[] content) {
		return new MockMultipartFile("files", PDF_NAME, "application/pdf", content);
	}

	private String page(MvcResult result) throws Exception {
		return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	private String page(String url, UserAccount account) throws Exception {
		return page(this.mvc.perform(get(url).with(as(account))).andExpect(status().isOk()).andReturn());
	}

	private List<Long> inFolder(UserAccount account, FolderRole role, String subject) {
		return this.jdbc.sql("""
				select m.id from messages m join folders f on f.id = m.folder_id
				join message_contents c on c.id = m.content_id
				where m.user_id = :user and f.role = :role and c.subject = :subject and m.uid is not null
				order by m.id
				""")
			.param("user", account.id())
			.param("role", role.name().toLowerCase(java.util.Locale.ROOT))
			.param("subject", subject)
			.query(Long.class)
			.list();
	}

	private static long draftIdOf(String redirect) {
		Matcher matcher = Pattern.compile("/mail/compose\\?draft=(\\d+)").matcher(redirect);
		assertThat(matcher.find()).as(redirect).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void sendingWithoutDelayDeliversAKoreanFileNameAtOnce() throws Exception {
		undoSeconds(this.kim, 0);
		byte[] content = "%PDF-1.4 report".getBytes(StandardCharsets.US_ASCII);
		MvcResult result = this.mvc
			.perform(compose("/mail/compose", this.lee.email(), "최종 보고", "첨부합니다.").file(pdf(content)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		assertThat(result.getResponse().getRedirectedUrl())
			.isEqualTo("/mail/folder/" + this.messages.folderOf(this.kim.id(), FolderRole.INBOX));
		assertThat(result.getFlashMap().get("notice")).isEqualTo("compose.sent");

		List<Long> received = inFolder(this.lee, FolderRole.INBOX, "최종 보고");
		assertThat(received).hasSize(1);
		assertThat(inFolder(this.kim, FolderRole.SENT, "최종 보고")).hasSize(1);
		String shown = page("/mail/message/" + received.get(0), this.lee);
		assertThat(shown).contains(PDF_NAME);
		try (InputStream raw = this.store.openRaw(this.lee.id(), received.get(0)).orElseThrow()) {
			ParsedMessage parsed = new MimeParser().parse(raw);
			assertThat(parsed.body().children()).anySatisfy((part) -> {
				assertThat(part.filename()).isEqualTo(PDF_NAME);
				assertThat(part.size()).isEqualTo(content.length);
			});
		}
	}

	@Test
	void undoWithinTheDelayBringsEverythingBackToTheComposePage() throws Exception {
		undoSeconds(this.kim, 30);
		MvcResult sent = this.mvc
			.perform(compose("/mail/compose", "이영희 <" + this.lee.email() + ">", "취소할 메일", "다시 쓸게요.")
				.param("bcc", "boss@localhost")
				.file(pdf("%PDF-1.4".getBytes(StandardCharsets.US_ASCII))))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		Object undoId = sent.getFlashMap().get("undoId");
		assertThat(undoId).isNotNull();
		assertThat(sent.getFlashMap().get("undoSeconds")).isEqualTo(30);

		String list = page(this.mvc
			.perform(get(sent.getResponse().getRedirectedUrl()).flashAttrs(sent.getFlashMap()).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(list).contains("action=\"/mail/outbox/" + undoId + "/undo\"")
			.contains("data-undo-seconds=\"30\"")
			.contains("name=\"_csrf\"");
		assertThat(inFolder(this.lee, FolderRole.INBOX, "취소할 메일")).isEmpty();

		// Without a CSRF token nothing happens.
		this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(as(this.kim))).andExpect(status().isForbidden());
		MvcResult undone = this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		long draft = draftIdOf(undone.getResponse().getRedirectedUrl());

		String compose = page(this.mvc
			.perform(get("/mail/compose").param("draft", Long.toString(draft))
				.flashAttrs(undone.getFlashMap())
				.with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(compose).contains("취소할 메일")
			.contains("다시 쓸게요.")
			.contains(this.lee.email())
			.contains("boss@localhost")
			.contains(PDF_NAME)
			.contains("name=\"keep\"")
			.contains("value=\"" + draft + "\"")
			.contains("Sending undone");

		// Undoing twice, or after it went, is too late: nothing is sent or lost.
		MvcResult again = this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		assertThat(again.getFlashMap().get("notice")).isEqualTo("compose.too-late");
		assertThat(inFolder(this.lee, FolderRole.INBOX, "취소할 메일")).isEmpty();
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "취소할 메일")).containsExactly(draft);
	}

	@Test
	void afterTheDelayTheWorkerSendsItAndRemovesTheDraft() throws Exception {
		undoSeconds(this.kim, 1);
		MvcResult saved = this.mvc
			.perform(compose("/mail/compose", this.lee.email(), "곧 갑니다", "잠시 후 도착").param("save", "1"))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		long draft = draftIdOf(saved.getResponse().getRedirectedUrl());

		MvcResult sent = this.mvc.perform(
				compose("/mail/compose", this.lee.email(), "곧 갑니다", "잠시 후 도착").param("draftId", Long.toString(draft)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		Object undoId = sent.getFlashMap().get("undoId");
		assertThat(undoId).isNotNull();
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "곧 갑니다")).isEmpty();

		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (inFolder(this.lee, FolderRole.INBOX, "곧 갑니다").isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(inFolder(this.lee, FolderRole.INBOX, "곧 갑니다")).hasSize(1);
		assertThat(inFolder(this.kim, FolderRole.SENT, "곧 갑니다")).hasSize(1);
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "곧 갑니다")).isEmpty();

		MvcResult late = this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		assertThat(late.getFlashMap().get("notice")).isEqualTo("compose.too-late");
		assertThat(inFolder(this.lee, FolderRole.INBOX, "곧 갑니다")).hasSize(1);
	}

	@Test
	void anotherUsersUndoIsTooLateForThem() throws Exception {
		undoSeconds(this.kim, 30);
		MvcResult sent = this.mvc.perform(compose("/mail/compose", this.lee.email(), "내 메일", "본문"))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		Object undoId = sent.getFlashMap().get("undoId");
		MvcResult other = this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(csrf()).with(as(this.lee)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		assertThat(other.getFlashMap().get("notice")).isEqualTo("compose.too-late");
		this.mvc.perform(post("/mail/outbox/" + undoId + "/undo").with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection());
	}

	@Test
	void savedDraftsOpenInTheComposePageAndReplaceTheirEarlierVersion() throws Exception {
		MvcResult first = this.mvc
			.perform(compose("/mail/compose", "이영희 <" + this.lee.email() + ">", "임시 저장", "쓰는 중")
				.param("cc", "\"Lee, S.\" <s.lee@localhost>")
				.param("save", "1")
				.file(pdf("%PDF-1.4".getBytes(StandardCharsets.US_ASCII))))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		long one = draftIdOf(first.getResponse().getRedirectedUrl());
		assertThat(first.getFlashMap().get("notice")).isEqualTo("compose.draft-saved");
		assertThat(this.messages.find(this.kim.id(), one).orElseThrow().item().draft()).isTrue();
		assertThat(this.messages.find(this.kim.id(), one).orElseThrow().folderRole()).isEqualTo(FolderRole.DRAFTS);

		// Opening a draft leads to the compose page.
		this.mvc.perform(get("/mail/message/" + one).with(as(this.kim)))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers
				.redirectedUrl("/mail/compose?draft=" + one));
		String resumed = page("/mail/compose?draft=" + one, this.kim);
		assertThat(resumed).contains("임시 저장").contains("쓰는 중").contains(PDF_NAME).contains("&quot;Lee, S.&quot;");

		// Saved again without the attachment and with a new file: one draft, the new one.
		MvcResult second = this.mvc
			.perform(compose("/mail/compose", this.lee.email(), "임시 저장", "다 썼다").param("draftId", Long.toString(one))
				.param("save", "1")
				.file(new MockMultipartFile("files", "표.csv", "text/csv", "a,b".getBytes(StandardCharsets.UTF_8))))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		long two = draftIdOf(second.getResponse().getRedirectedUrl());
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "임시 저장")).containsExactly(two);
		String again = page("/mail/compose?draft=" + two, this.kim);
		assertThat(again).contains("표.csv").doesNotContain(PDF_NAME).contains("다 썼다");

		// Someone else's draft is not found.
		this.mvc.perform(get("/mail/compose?draft=" + two).with(as(this.lee))).andExpect(status().isNotFound());

		// Discarding deletes it.
		this.mvc.perform(
				multipart("/mail/compose/discard").param("draftId", Long.toString(two)).with(csrf()).with(as(this.kim)))
			.andExpect(status().is3xxRedirection());
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "임시 저장")).isEmpty();
	}

	@Test
	void autosaveAnswersWithTheDraftAndItsAttachments() throws Exception {
		String json = page(this.mvc
			.perform(compose("/mail/compose/draft", this.lee.email(), "자동 저장", "")
				.file(pdf("%PDF-1.4 abc".getBytes(StandardCharsets.US_ASCII))))
			.andExpect(status().isOk())
			.andReturn());
		Map<?, ?> saved = new tools.jackson.databind.json.JsonMapper().readValue(json, Map.class);
		long one = ((Number) saved.get("draftId")).longValue();
		assertThat((List<?>) saved.get("attachments")).singleElement().satisfies((attachment) -> {
			assertThat(((Map<?, ?>) attachment).get("name")).isEqualTo(PDF_NAME);
			assertThat(((Map<?, ?>) attachment).get("size")).isEqualTo(12);
			assertThat(((Map<?, ?>) attachment).get("index")).isEqualTo(0);
		});

		String next = page(this.mvc
			.perform(compose("/mail/compose/draft", this.lee.email(), "자동 저장", "조금 더")
				.param("draftId", Long.toString(one))
				.param("keep", "0"))
			.andExpect(status().isOk())
			.andReturn());
		long two = ((Number) new tools.jackson.databind.json.JsonMapper().readValue(next, Map.class).get("draftId"))
			.longValue();
		assertThat(inFolder(this.kim, FolderRole.DRAFTS, "자동 저장")).containsExactly(two);
		assertThat(page("/mail/compose?draft=" + two, this.kim)).contains(PDF_NAME).contains("조금 더");

		// An autosave naming a draft that is gone says so rather than dropping its files.
		this.mvc
			.perform(compose("/mail/compose/draft", this.lee.email(), "자동 저장", "x").param("draftId", Long.toString(one))
				.param("keep", "0"))
			.andExpect(status().isConflict());
	}

	@Test
	void tooLargeAttachmentsAreRefusedAndTheRestIsKept() throws Exception {
		undoSeconds(this.kim, 0);
		byte[] big = new byte[25 * 1024 * 1024 + 1];
		String page = page(this.mvc
			.perform(compose("/mail/compose", this.lee.email(), "큰 파일", "내용은 그대로").param("bcc", "hidden@localhost")
				.file(pdf(big)))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(page).contains("larger than 25 MB")
			.contains("value=\"큰 파일\"")
			.contains("내용은 그대로")
			.contains("hidden@localhost")
			.contains(this.lee.email())
			.contains("data-max-bytes=\"26214400\"");
		assertThat(inFolder(this.lee, FolderRole.INBOX, "큰 파일")).isEmpty();

		String json = page(
				this.mvc.perform(compose("/mail/compose/draft", this.lee.email(), "큰 파일", "x").file(pdf(big)))
					.andExpect(status().isPayloadTooLarge())
					.andReturn());
		assertThat(json).contains("25 MB");
	}

	@Test
	void noRecipientsKeepsTheMessage() throws Exception {
		String page = page(this.mvc.perform(compose("/mail/compose", "", "받는 사람 없음", "본문"))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(page).contains("Add at least one recipient").contains("받는 사람 없음");
	}

	@Test
	void richTextIsSentWithAPlainAlternativeAndNothingThatRuns() throws Exception {
		undoSeconds(this.kim, 0);
		String html = "<p>안녕하세요 <b>굵게</b></p><ul><li>하나</li></ul><script>alert(1)</script>"
				+ "<a href=\" java&#x09;script:alert(2)\" onclick=\"steal()\">링크</a><a href=\"https://example.org/\">예</a>"
				+ "<img src=x onerror=alert(3)>";
		this.mvc.perform(compose("/mail/compose", this.lee.email(), "서식", "").param("html", html))
			.andExpect(status().is3xxRedirection());

		long id = inFolder(this.lee, FolderRole.INBOX, "서식").get(0);
		try (InputStream raw = this.store.openRaw(this.lee.id(), id).orElseThrow()) {
			ParsedMessage parsed = new MimeParser().parse(raw);
			assertThat(parsed.body().contentType()).isEqualTo("multipart/alternative");
			MimePart text = parsed.body().children().get(0);
			MimePart rich = parsed.body().children().get(1);
			assertThat(text.text()).contains("안녕하세요 굵게").contains("- 하나").contains("<https://example.org/>");
			assertThat(rich.text()).contains("<b>굵게</b>")
				.contains("https://example.org/")
				.doesNotContain("<script")
				.doesNotContain("alert(1)")
				.doesNotContain("onclick")
				.doesNotContain("onerror")
				.doesNotContainIgnoringCase("javascript");
		}
	}

	@Test
	void theComposePageLoadsItsScriptAndNoInlineOne() throws Exception {
		this.settings.save(this.kim.id(), new UserSettings("김철수 드림", null, "ko", 50, 5));
		String page = page("/mail/compose", this.kim);
		assertThat(page).contains("<script src=\"/assets/compose.js\" defer></script>")
			.contains("<datalist id=\"correspondents\">")
			.contains("id=\"editor\"")
			.contains("name=\"html\"")
			.contains("임시 저장")
			.contains("-- \n김철수 드림")
			.contains("data-max-bytes=\"26214400\"");
		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find()).isFalse();
		assertThat(page).doesNotContain(" onclick=");
		// Other pages do without it.
		assertThat(page("/mail/folder/" + this.messages.folderOf(this.kim.id(), FolderRole.INBOX), this.kim))
			.doesNotContain("compose.js");
	}

	@Test
	void suggestionsComeFromPastCorrespondentsOfThisUserOnly() throws Exception {
		deliver(this.kim, "=?UTF-8?B?67CV7KeA7ISx?= <park@example.org>", "하나");
		deliver(this.kim, "=?UTF-8?B?67CV7KeA7ISx?= <park@example.org>", "둘");
		deliver(this.kim, "Parker Lewis <parker@example.net>", "셋");
		deliver(this.kim, "\"Kim, Pauline\" <pauline@example.com>", "넷");
		undoSeconds(this.kim, 0);
		this.mvc.perform(compose("/mail/compose", "이영희 <" + this.lee.email() + ">", "보냄", "본문"))
			.andExpect(status().is3xxRedirection());

		assertThat(this.messages.correspondents(this.kim.id(), "pa", 10)).extracting(Correspondent::address)
			.containsExactly("park@example.org", "pauline@example.com", "parker@example.net");
		assertThat(this.messages.correspondents(this.kim.id(), "박", 10)).singleElement()
			.satisfies((c) -> assertThat(c.toString()).isEqualTo("박지성 <park@example.org>"));
		assertThat(this.messages.correspondents(this.kim.id(), "lewis", 10)).extracting(Correspondent::address)
			.containsExactly("parker@example.net");
		assertThat(this.messages.correspondents(this.kim.id(), "이영", 10)).extracting(Correspondent::address)
			.containsExactly(this.lee.email());
		assertThat(this.messages.correspondents(this.kim.id(), "%", 10)).isEmpty();
		assertThat(this.messages.correspondents(this.kim.id(), "_a", 10)).isEmpty();
		assertThat(this.messages.correspondents(this.kim.id(), "pa", 1)).hasSize(1);
		assertThat(this.messages.correspondents(this.lee.id(), "pa", 10)).isEmpty();
		assertThat(this.messages.correspondents(this.kim.id(), "kim-", 10)).isEmpty();

		String json = page(this.mvc.perform(get("/mail/contacts").param("q", "박").with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(json).contains("\"value\":\"박지성 <park@example.org>\"");
		String quoted = page(this.mvc.perform(get("/mail/contacts").param("q", "paul").with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(quoted).contains("\\\"Kim, Pauline\\\" <pauline@example.com>");
		assertThat(page(this.mvc.perform(get("/mail/contacts").param("q", "박").with(as(this.lee)))
			.andExpect(status().isOk())
			.andReturn())).isEqualTo("[]");
	}

	private void deliver(UserAccount to, String from, String subject) {
		String raw = "From: " + from + "\r\nTo: " + to.email() + "\r\nSubject: " + subject
				+ "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n";
		this.store.deliver(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), List.of(to.id()),
				Instant.now());
	}

}
