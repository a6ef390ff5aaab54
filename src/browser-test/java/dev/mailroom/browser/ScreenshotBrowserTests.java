package dev.mailroom.browser;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;

import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pictures of the main screens for review, at desktop and phone widths, under
 * {@code target/screenshots/screens/}: the login page, a full inbox, a Korean message,
 * compose, the folders page, a conversation, the phone's folder menu, and the search
 * results and settings pages when the application has them (skipped otherwise). Each
 * picture is taken after loading the page at that width, as a device would, and the pages
 * are checked for what they must show so that a picture of an error page cannot pass.
 */
class ScreenshotBrowserTests extends BrowserTestSupport {

	@Autowired
	private MailboxService mailboxes;

	@Test
	void login() {
		open(LoginPage.PATH);
		waitForVisible(LoginPage.FORM);
		shoot("login");
	}

	@Test
	void inbox() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		assertThat(browser().findElements(MailPages.ROWS)).hasSizeGreaterThanOrEqualTo(6);
		shoot("inbox");
	}

	@Test
	void koreanMessage() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		open("/mail/message/" + mailbox.korean());
		assertThat(waitForVisible(MailPages.SUBJECT).getText()).isEqualTo("회의 자료");
		shoot("message");
	}

	@Test
	void compose() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		open("/mail/compose?reply=" + mailbox.conversationStart());
		assertThat(waitForVisible(MailPages.COMPOSE_SUBJECT).getDomProperty("value")).startsWith("Re: ");
		shoot("compose");
	}

	@Test
	void folders() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		open(MailPages.FOLDERS_PATH);
		waitForVisible(MailPages.NEW_FOLDER_NAME);
		assertThat(browser().findElement(By.cssSelector("table.grid")).getText()).contains("프로젝트/보관함");
		shoot("folders");
	}

	@Test
	void conversation() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		long thread = messages().find(mailbox.user().account().id(), mailbox.conversationStart())
			.orElseThrow()
			.item()
			.threadId();
		open("/mail/thread/" + thread);
		assertThat(waitForVisible(By.cssSelector(".thread-view")).findElements(By.cssSelector("article.message")))
			.hasSize(3);
		shoot("conversation");
	}

	@Test
	void phoneMenu() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		phone();
		browser().navigate().refresh();
		waitForClickable(By.cssSelector(".menu-toggle")).click();
		waitForVisible(By.id("sidebar"));
		screenshot("screens/menu", PHONE);
	}

	@Test
	void searchResults() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		assumePage("/mail/search?q=%EB%B3%B4%EA%B3%A0");
		open("/mail/search?q=%EB%B3%B4%EA%B3%A0");
		waitForVisible(By.id("main"));
		shoot("search");
	}

	@Test
	void settings() {
		Mailbox mailbox = fullMailbox();
		signIn(mailbox.user());
		assumePage("/settings");
		open("/settings");
		waitForVisible(By.id("main"));
		shoot("settings");
	}

	// --- helpers
	// ------------------------------------------------------------------------

	/** Skips the test when the application has no such page yet. */
	private void assumePage(String path) {
		int status = fetchWithSession(path).statusCode();
		Assumptions.assumeTrue(status != 404, () -> path + " does not exist yet");
		assertThat(status).as("status of " + path).isEqualTo(200);
	}

	/**
	 * Loads the page afresh at each width (the body frame is sized to its content when it
	 * loads) and saves {@code target/screenshots/screens/<name>-<width>.png}.
	 */
	private void shoot(String name) {
		for (Viewport viewport : List.of(DESKTOP, PHONE)) {
			viewport(viewport);
			browser().navigate().refresh();
			waitForPageLoad();
			waitUntil("the body frames to be sized", (browser) -> Boolean.TRUE.equals(script("""
					return Array.from(document.querySelectorAll('iframe.body-frame'))
					  .every((frame) => frame.contentDocument && frame.contentDocument.readyState === 'complete'
					    && frame.style.height !== '');
					""")));
			screenshot("screens/" + name, viewport);
		}
		desktop();
	}

	/**
	 * A mailbox that looks lived in: Korean and English mail, read and unread, a star, an
	 * attachment, a three-message conversation, nested folders.
	 */
	private Mailbox fullMailbox() {
		TestUser kim = newUser("kim", "김철수");
		TestUser lee = newUser("lee", "이영희");
		long userId = kim.account().id();
		long project = this.mailboxes.createFolder(userId, null, "프로젝트");
		this.mailboxes.createFolder(userId, project, "보관함");

		deliver(TestMessage.from("ACME Billing", "billing@acme.example")
			.to(kim.email())
			.subject("Your invoice #2041 for November is ready")
			.html("<h2 style=\"color:#0b57d0\">Invoice #2041</h2><p>Hello Kim,</p>"
					+ "<p>Your invoice for <b>November</b> is ready. Amount due: <b>$42.00</b>.</p>"
					+ "<table border=\"1\" cellpadding=\"6\"><tr><th>Item</th><th>Price</th></tr>"
					+ "<tr><td>Mail hosting</td><td>$40.00</td></tr><tr><td>Storage</td><td>$2.00</td></tr></table>")
			.date(ZonedDateTime.now().minusDays(3))
			.bytes(), kim);
		long attachment = deliver(TestMessage.from("최지우", "choi@example.org")
			.to(kim.email())
			.subject("최종 보고서 보내 드립니다")
			.text("안녕하세요,\n\n최종 보고서를 첨부합니다. 검토 부탁드립니다.\n\n최지우 드림\n")
			.attach("보고서 최종.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))
			.bytes(), kim);
		this.messages().setFlagged(userId, List.of(attachment), true);

		String start = "<thread-start-" + kim.account().id() + "@example.org>";
		String reply = "<thread-reply-" + kim.account().id() + "@example.org>";
		long conversationStart = deliver(TestMessage.from("이영희", lee.email())
			.to(kim.email())
			.subject("주간 보고")
			.messageId(start)
			.text("철수 씨,\n\n이번 주 보고서를 금요일까지 보내 주세요.\n\n고맙습니다.\n이영희\n")
			.bytes(), kim);
		long replied = deliver(TestMessage.from("김철수", kim.email())
			.to(lee.email())
			.subject("Re: 주간 보고")
			.messageId(reply)
			.header("In-Reply-To", start)
			.header("References", start)
			.text("네, 금요일까지 보내겠습니다.\n\n> 이번 주 보고서를 금요일까지 보내 주세요.\n")
			.bytes(), kim);
		deliver(TestMessage.from("이영희", lee.email())
			.to(kim.email())
			.subject("Re: 주간 보고")
			.header("In-Reply-To", reply)
			.header("References", start + " " + reply)
			.text("좋아요. 기다릴게요!\n\n> 네, 금요일까지 보내겠습니다.\n")
			.bytes(), kim);
		this.messages().setSeen(userId, List.of(conversationStart, replied), true);

		deliver(TestMessage.from("Mailroom", "postmaster@localhost")
			.to(kim.email())
			.subject("A rather long subject line that goes on and on to show how the list cuts it short")
			.text("Nothing to see here.")
			.bytes(), kim);
		long korean = deliver(TestMessage.from("박영수", "park@example.org")
			.to(kim.email())
			.subject("회의 자료")
			.text("김철수 님,\n\n내일 오전 10시에 3층 회의실에서 회의를 합니다.\n"
					+ "자료를 미리 읽어 주세요: https://intranet.example/meetings/2026-11\n\n박영수 드림\n")
			.charset("EUC-KR")
			.eightBit()
			.bytes(), kim);
		return new Mailbox(kim, korean, conversationStart);
	}

	private record Mailbox(TestUser user, long korean, long conversationStart) {
	}

}
