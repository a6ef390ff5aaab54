package dev.mailroom.browser;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.mailbox.FolderRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people do with the webmail, end to end in Chromium: reading Korean mail, writing,
 * replying, attachments with Korean names, keyboard shortcuts, the list's actions,
 * folders, and new mail showing up in an open inbox. Every test starts signed out, with
 * users of its own; mail from outside is delivered through the message store, as the SMTP
 * server would.
 */
class MailJourneyBrowserTests extends BrowserTestSupport {

	/** How long mail sent in the browser may take to reach a local inbox. */
	private static final Duration DELIVERY = Duration.ofSeconds(20);

	@Test
	void readsKoreanMailInEucKr() {
		TestUser kim = newUser("kim", "김철수");
		long id = deliver(TestMessage.from("박영수", "park@example.org")
			.to(kim.email())
			.subject("회의 자료")
			.text("내일 오전 10시에 회의를 합니다.\n자료를 미리 읽어 주세요.\n")
			.charset("EUC-KR")
			.eightBit()
			.bytes(), kim);

		signIn(kim);

		WebElement row = waitForVisible(MailPages.row(id));
		assertThat(row.findElement(By.cssSelector(".subject")).getText()).isEqualTo("회의 자료");
		assertThat(row.findElement(By.cssSelector(".from")).getText()).isEqualTo("박영수");
		assertThat(row.findElement(By.cssSelector(".preview")).getText()).contains("내일 오전 10시에 회의를 합니다.");
		assertThat(row.getDomAttribute("class")).contains("unread");

		row.findElement(By.cssSelector(".row-link")).click();

		waitForPath("/mail/message/" + id);
		assertThat(waitForVisible(MailPages.SUBJECT).getText()).isEqualTo("회의 자료");
		assertThat(browser().getTitle()).startsWith("회의 자료");
		WebElement from = browser().findElement(MailPages.FROM);
		assertThat(from.getText()).contains("박영수").contains("park@example.org");
		assertThat(script("return arguments[0].scrollWidth <= arguments[0].clientWidth", from))
			.as("sender shown in full, not cut off")
			.isEqualTo(true);
		assertThat(bodyText()).contains("내일 오전 10시에 회의를 합니다.").contains("자료를 미리 읽어 주세요.");

		waitForClickable(MailPages.folderLink(folderOf(kim, FolderRole.INBOX))).click();
		assertThat(waitForVisible(MailPages.row(id)).getDomAttribute("class")).contains("read")
			.doesNotContain("unread");
	}

	@Test
	void sendsToAnotherLocalUserWhoReadsItInTheirOwnSession() {
		TestUser kim = newUser("kim", "김철수");
		TestUser lee = newUser("lee", "이영희");
		sendAtOnce(kim);
		sendAtOnce(lee);
		signIn(kim);

		waitForClickable(MailPages.COMPOSE_BUTTON).click();
		waitForPath(MailPages.COMPOSE_PATH);
		waitForVisible(MailPages.TO).sendKeys(lee.email());
		browser().findElement(MailPages.COMPOSE_SUBJECT).sendKeys("점심 약속");
		browser().findElement(MailPages.TEXT).sendKeys("내일 12시에 점심 어때요?\n회사 앞 식당에서 만나요.");
		browser().findElement(MailPages.SEND).click();

		waitForPath("/mail/folder/" + folderOf(kim, FolderRole.INBOX));
		waitForText(MailPages.NOTICE, "Message sent.");
		waitForClickable(MailPages.folderLink(folderOf(kim, FolderRole.SENT))).click();
		waitForRowWithSubject("점심 약속");

		signIn(lee);
		WebElement row = waitForRowWithSubject("점심 약속");
		assertThat(row.findElement(By.cssSelector(".from")).getText()).isEqualTo("김철수");
		row.findElement(By.cssSelector(".row-link")).click();
		waitForVisible(MailPages.SUBJECT);
		assertThat(browser().findElement(MailPages.FROM).getText()).contains("김철수").contains(kim.email());
		assertThat(bodyText()).contains("내일 12시에 점심 어때요?").contains("회사 앞 식당에서 만나요.");
	}

	@Test
	void repliesWithTheReplyButton() {
		TestUser kim = newUser("kim", "김철수");
		TestUser lee = newUser("lee", "이영희");
		sendAtOnce(kim);
		sendAtOnce(lee);
		long original = deliver(TestMessage.from("이영희", lee.email())
			.to(kim.email())
			.subject("주간 보고")
			.text("이번 주 보고서를 보내 주세요.\n고맙습니다.\n")
			.bytes(), kim);
		signIn(kim);
		open("/mail/message/" + original);

		waitForClickable(MailPages.REPLY).click();

		waitUntil("the reply form", (browser) -> currentPath().equals(MailPages.COMPOSE_PATH + "?reply=" + original));
		assertThat(waitForVisible(MailPages.COMPOSE_SUBJECT).getDomProperty("value")).isEqualTo("Re: 주간 보고");
		assertThat(browser().findElement(MailPages.TO).getDomProperty("value")).contains(lee.email());
		WebElement text = browser().findElement(MailPages.TEXT);
		assertThat(text.getDomProperty("value")).contains("> 이번 주 보고서를 보내 주세요.").contains("> 고맙습니다.");
		text.click();
		text.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
		text.sendKeys("네, 금요일까지 보내겠습니다.\n");
		browser().findElement(MailPages.SEND).click();

		waitForText(MailPages.NOTICE, "Message sent.");
		assertThat(messages().find(kim.account().id(), original).orElseThrow().item().answered()).as("answered flag")
			.isTrue();

		signIn(lee);
		WebElement row = waitForRowWithSubject("Re: 주간 보고");
		row.findElement(By.cssSelector(".row-link")).click();
		waitForVisible(MailPages.SUBJECT);
		String body = bodyText();
		assertThat(body).contains("네, 금요일까지 보내겠습니다.").contains("이영희 wrote:");
		assertThat(body.indexOf("네, 금요일까지")).as("reply above the quote").isLessThan(body.indexOf("이번 주 보고서"));
		// The quoted lines ("> ...") are shown as a quote.
		assertThat(bodyText(By.tagName("blockquote"))).isEqualTo("이번 주 보고서를 보내 주세요.\n고맙습니다.");
	}

	@Test
	void attachesAFileWithAKoreanNameThatTheRecipientDownloads() throws IOException {
		TestUser kim = newUser("kim", "김철수");
		TestUser lee = newUser("lee", "이영희");
		sendAtOnce(kim);
		sendAtOnce(lee);
		byte[] pdf = fakePdf();
		Path upload = Files.createDirectories(Path.of("target", "browser", "uploads")).resolve("보고서 최종.pdf");
		Files.write(upload, pdf);
		signIn(kim);

		open(MailPages.COMPOSE_PATH);
		waitForVisible(MailPages.TO).sendKeys(lee.email());
		browser().findElement(MailPages.COMPOSE_SUBJECT).sendKeys("최종 보고서");
		browser().findElement(MailPages.TEXT).sendKeys("첨부한 파일을 확인해 주세요.");
		browser().findElement(MailPages.FILES).sendKeys(upload.toAbsolutePath().toString());
		assertThat(script("return document.getElementById('files').files[0].name")).isEqualTo("보고서 최종.pdf");
		browser().findElement(MailPages.SEND).click();
		waitForText(MailPages.NOTICE, "Message sent.");

		signIn(lee);
		WebElement row = waitForRowWithSubject("최종 보고서");
		assertThat(row.findElements(By.cssSelector(".clip"))).as("attachment clip").hasSize(1);
		row.findElement(By.cssSelector(".row-link")).click();
		WebElement link = waitForVisible(MailPages.ATTACHMENT);
		assertThat(link.getText()).isEqualTo("보고서 최종.pdf");
		assertThat(bodyText()).contains("첨부한 파일을 확인해 주세요.");

		HttpResponse<byte[]> download = fetchWithSession(link.getDomProperty("href"));

		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((disposition) -> assertThat(disposition).startsWith("attachment;")
				.contains("filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C%20%EC%B5%9C%EC%A2%85.pdf"));
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(download.body()).isEqualTo(pdf);
	}

	@Test
	void keyboardShortcutsMoveOpenHelpAndCompose() {
		TestUser kim = newUser("kim", "김철수");
		long oldest = deliver(simple(kim, "첫째 메일", 3), kim);
		long middle = deliver(simple(kim, "둘째 메일", 2), kim);
		long newest = deliver(simple(kim, "셋째 메일", 1), kim);
		signIn(kim);
		List<Long> order = browser().findElements(MailPages.ROWS)
			.stream()
			.map((row) -> Long.parseLong(row.getDomAttribute("data-id")))
			.toList();
		assertThat(order).containsExactly(newest, middle, oldest);

		press("j");
		assertThat(highlighted()).containsExactly(newest);
		press("j");
		assertThat(highlighted()).containsExactly(middle);
		press("j");
		press("j");
		assertThat(highlighted()).as("stays on the last row").containsExactly(oldest);
		press("k");
		assertThat(highlighted()).containsExactly(middle);

		press("?");
		WebElement help = waitForVisible(MailPages.SHORTCUT_HELP);
		assertThat(help.getDomProperty("open")).isEqualTo("true");
		assertThat(help.getText()).contains("compose").contains("next / previous");
		press(Keys.ESCAPE);
		waitForGone(MailPages.SHORTCUT_HELP);

		press("o");
		waitForPath("/mail/message/" + middle);
		waitForVisible(MailPages.SUBJECT);
		press("c");
		waitForPath(MailPages.COMPOSE_PATH);
		waitForVisible(MailPages.TO);
	}

	@Test
	void archivesTwoSelectedMessages() {
		TestUser kim = newUser("kim", "김철수");
		long first = deliver(simple(kim, "보관할 메일 1", 3), kim);
		long second = deliver(simple(kim, "보관할 메일 2", 2), kim);
		long kept = deliver(simple(kim, "남길 메일", 1), kim);
		signIn(kim);

		waitForClickable(MailPages.checkbox(first)).click();
		browser().findElement(MailPages.checkbox(second)).click();
		browser().findElement(MailPages.action("archive")).click();

		waitForText(MailPages.NOTICE, "Archived.");
		assertThat(isPresent(MailPages.row(first))).isFalse();
		assertThat(isPresent(MailPages.row(second))).isFalse();
		assertThat(isPresent(MailPages.row(kept))).isTrue();
		waitForClickable(MailPages.folderLink(folderOf(kim, FolderRole.ARCHIVE))).click();
		waitForVisible(MailPages.row(first));
		assertThat(rowIds()).containsExactly(second, first);
	}

	@Test
	void starsAndMarksUnread() {
		TestUser kim = newUser("kim", "김철수");
		long id = deliver(simple(kim, "별표 메일", 1), kim);
		long inbox = folderOf(kim, FolderRole.INBOX);
		signIn(kim);
		assertThat(waitForVisible(MailPages.unreadCount(inbox)).getText()).isEqualTo("1");
		open("/mail/message/" + id);
		waitForVisible(MailPages.SUBJECT);
		waitForClickable(MailPages.folderLink(inbox)).click();
		WebElement row = waitForVisible(MailPages.row(id));
		assertThat(row.getDomAttribute("class")).contains("read").doesNotContain("unread");
		assertThat(fontWeight(id)).isLessThan(700);
		assertThat(isPresent(MailPages.unreadCount(inbox))).as("unread count once read").isFalse();

		browser().findElement(MailPages.checkbox(id)).click();
		browser().findElement(MailPages.action("star")).click();
		waitForText(MailPages.NOTICE, "Starred.");
		assertThat(waitForVisible(MailPages.row(id)).findElement(By.cssSelector(".star")).getText()).isEqualTo("★");
		assertThat(messages().find(kim.account().id(), id).orElseThrow().item().flagged()).isTrue();

		browser().findElement(MailPages.checkbox(id)).click();
		browser().findElement(MailPages.action("unread")).click();
		waitForText(MailPages.NOTICE, "Marked as unread.");
		assertThat(waitForVisible(MailPages.row(id)).getDomAttribute("class")).contains("unread");
		assertThat(fontWeight(id)).as("bold subject").isGreaterThanOrEqualTo(700);
		assertThat(waitForVisible(MailPages.unreadCount(inbox)).getText()).isEqualTo("1");
		assertThat(browser().findElement(MailPages.row(id)).findElement(By.cssSelector(".star")).getText())
			.isEqualTo("★");
	}

	@Test
	void deletesToTrashAndEmptiesTheTrash() {
		TestUser kim = newUser("kim", "김철수");
		long doomed = deliver(simple(kim, "지울 메일", 2), kim);
		long kept = deliver(simple(kim, "남길 메일", 1), kim);
		signIn(kim);

		waitForClickable(MailPages.checkbox(doomed)).click();
		browser().findElement(MailPages.action("delete")).click();

		waitForText(MailPages.NOTICE, "Deleted.");
		assertThat(rowIds()).containsExactly(kept);
		waitForClickable(MailPages.folderLink(folderOf(kim, FolderRole.TRASH))).click();
		waitForVisible(MailPages.row(doomed));
		assertThat(messages().find(kim.account().id(), doomed)).isPresent();

		waitForClickable(MailPages.EMPTY_TRASH).click();

		waitForText(MailPages.NOTICE, "Trash emptied (1 messages removed for good).");
		waitForVisible(MailPages.EMPTY_LIST);
		assertThat(isPresent(MailPages.EMPTY_TRASH)).isFalse();
		assertThat(messages().find(kim.account().id(), doomed)).isEmpty();
		assertThat(messages().find(kim.account().id(), kept)).isPresent();
	}

	@Test
	void createsAKoreanFolderAndMovesAMessageIntoIt() {
		TestUser kim = newUser("kim", "김철수");
		long id = deliver(simple(kim, "옮길 메일", 1), kim);
		signIn(kim);

		waitForClickable(MailPages.MANAGE_FOLDERS).click();
		waitForPath(MailPages.FOLDERS_PATH);
		waitForVisible(MailPages.NEW_FOLDER_NAME).sendKeys("보관함");
		browser().findElement(MailPages.CREATE_FOLDER).click();

		waitForText(MailPages.NOTICE, "Folder created.");
		Matcher folderPath = Pattern.compile("/mail/folder/(\\d+)").matcher(currentPath());
		assertThat(folderPath.matches()).as("on the new folder: %s", currentPath()).isTrue();
		long folder = Long.parseLong(folderPath.group(1));
		assertThat(browser().findElement(By.cssSelector("h1.folder-title")).getText()).isEqualTo("보관함");
		assertThat(browser().findElement(MailPages.folderLink(folder)).getText()).isEqualTo("보관함");

		waitForClickable(MailPages.folderLink(folderOf(kim, FolderRole.INBOX))).click();
		waitForClickable(MailPages.checkbox(id)).click();
		new Select(browser().findElement(MailPages.MOVE_TARGET)).selectByVisibleText("보관함");
		browser().findElement(MailPages.action("move")).click();

		waitForText(MailPages.NOTICE, "Moved.");
		assertThat(isPresent(MailPages.row(id))).isFalse();
		waitForClickable(MailPages.folderLink(folder)).click();
		waitForPath("/mail/folder/" + folder);
		assertThat(rowIds()).containsExactly(id);

		open(MailPages.FOLDERS_PATH);
		WebElement line = waitForVisible(
				By.xpath("//table[contains(@class,'grid')]//tr[td[1][normalize-space()='보관함']]"));
		assertThat(line.findElement(By.xpath("td[2]")).getText()).isEqualTo("1");
	}

	@Test
	void newMailShowsUpInTheOpenInbox() {
		TestUser kim = newUser("kim", "김철수");
		long inbox = folderOf(kim, FolderRole.INBOX);
		long first = deliver(simple(kim, "먼저 온 메일", 1), kim);
		withEventSourcesWatched(() -> {
			signIn(kim);
			waitForVisible(MailPages.row(first));
			waitForLiveUpdates();

			long arrived = deliver(simple(kim, "새로 온 메일", 0), kim);

			waitForVisible(MailPages.row(arrived));
			assertThat(rowIds()).containsExactly(arrived, first);
			assertThat(waitForVisible(MailPages.unreadCount(inbox)).getText()).isEqualTo("2");
		});
	}

	@Test
	void newMailWhileMessagesAreTickedShowsABannerAndTheCount() {
		TestUser kim = newUser("kim", "김철수");
		long inbox = folderOf(kim, FolderRole.INBOX);
		long first = deliver(simple(kim, "먼저 온 메일", 1), kim);
		withEventSourcesWatched(() -> {
			signIn(kim);
			waitForClickable(MailPages.checkbox(first)).click();
			waitForLiveUpdates();
			script("window.sameDocument = true");

			long arrived = deliver(simple(kim, "새로 온 메일", 0), kim);

			waitForVisible(MailPages.NEW_MAIL_BANNER);
			waitUntil("the unread count in the title", (browser) -> browser.getTitle().startsWith("(2) "));
			assertThat(browser().findElement(MailPages.unreadCount(inbox)).getText()).isEqualTo("2");
			assertThat(script("return window.sameDocument")).as("the page was not reloaded").isEqualTo(true);
			assertThat(browser().findElement(MailPages.checkbox(first)).isSelected()).as("selection kept").isTrue();

			browser().findElement(MailPages.NEW_MAIL_BANNER).findElement(By.tagName("a")).click();
			waitForVisible(MailPages.row(arrived));
		});
	}

	// --- helpers
	// ------------------------------------------------------------------------

	/** A short UTF-8 message to a user, dated some hours ago so lists have an order. */
	private static byte[] simple(TestUser to, String subject, int hoursAgo) {
		return TestMessage.from("박영수", "park@example.org")
			.to(to.email())
			.subject(subject)
			.text(subject + " 본문입니다.")
			.date(ZonedDateTime.now().minusHours(hoursAgo))
			.bytes();
	}

	/**
	 * The text of the message body in the page's sandboxed iframe, once it has loaded.
	 */
	private String bodyText() {
		return bodyText(By.tagName("body"));
	}

	/** The text of an element of the message body, once it is there. */
	private String bodyText(By element) {
		waitUntil(ExpectedConditions.frameToBeAvailableAndSwitchToIt(MailPages.BODY_FRAME));
		try {
			return waitUntil("the message body", (browser) -> {
				List<WebElement> found = browser.findElements(element);
				String text = found.isEmpty() ? "" : found.get(0).getText();
				return text.isBlank() ? null : text;
			});
		}
		finally {
			browser().switchTo().defaultContent();
		}
	}

	/**
	 * Reloads the folder shown until a row with this subject is there: mail sent in the
	 * browser may be delivered a moment after the page that says so.
	 */
	private WebElement waitForRowWithSubject(String subject) {
		By row = By.xpath("//li[contains(@class,'message-row')][.//span[@class='subject' and normalize-space()='"
				+ subject + "']]");
		Instant deadline = Instant.now().plus(DELIVERY);
		while (!isPresent(row) && Instant.now().isBefore(deadline)) {
			sleep(Duration.ofMillis(500));
			browser().navigate().refresh();
		}
		return waitForVisible(row);
	}

	private List<Long> rowIds() {
		return browser().findElements(MailPages.ROWS)
			.stream()
			.map((row) -> Long.parseLong(row.getDomAttribute("data-id")))
			.toList();
	}

	private List<Long> highlighted() {
		return browser().findElements(By.cssSelector(".message-row.keyboard"))
			.stream()
			.map((row) -> Long.parseLong(row.getDomAttribute("data-id")))
			.toList();
	}

	private int fontWeight(long id) {
		Object weight = script("return getComputedStyle(arguments[0]).fontWeight",
				browser().findElement(MailPages.row(id)).findElement(By.cssSelector(".subject")));
		return Integer.parseInt(String.valueOf(weight));
	}

	/** Types keys into whatever has the focus, as a person at the keyboard would. */
	private void press(CharSequence keys) {
		new Actions(browser()).sendKeys(keys).perform();
	}

	/**
	 * Runs a test with every {@code EventSource} a page opens kept in
	 * {@code window.__eventSources}, so that the test can wait for the live-update stream
	 * to be connected before it delivers mail. The watcher is added through DevTools,
	 * outside the pages' Content-Security-Policy, and removed afterwards.
	 */
	private void withEventSourcesWatched(Runnable test) {
		ChromeDriver chrome = (ChromeDriver) browser();
		Map<String, Object> added = chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", """
						if (window.EventSource) {
						  const Original = window.EventSource;
						  window.__eventSources = [];
						  window.EventSource = class extends Original {
						    constructor(...args) { super(...args); window.__eventSources.push(this); }
						  };
						}
						"""));
		try {
			test.run();
		}
		finally {
			chrome.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", added.get("identifier")));
		}
	}

	/** Waits until the page's live-update stream is open, after a page load. */
	private void waitForLiveUpdates() {
		waitUntil("the live-update stream to be open", (browser) -> Boolean.TRUE.equals(script(
				"return (window.__eventSources || []).some((source) => source.readyState === EventSource.OPEN)")));
	}

	private static byte[] fakePdf() {
		byte[] noise = new byte[4096];
		new Random(42).nextBytes(noise);
		byte[] head = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		byte[] tail = "\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] pdf = new byte[head.length + noise.length + tail.length];
		System.arraycopy(head, 0, pdf, 0, head.length);
		System.arraycopy(noise, 0, pdf, head.length, noise.length);
		System.arraycopy(tail, 0, pdf, head.length + noise.length, tail.length);
		return pdf;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
