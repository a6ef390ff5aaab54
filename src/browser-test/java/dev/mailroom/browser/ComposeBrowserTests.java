package dev.mailroom.browser;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mailroom.account.UserSettings;
import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.ParsedMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose page with its script in a real browser: a file dropped on the form, address
 * suggestions, the rich-text editor, the draft saved while typing, Send, Undo, and the
 * message sent after the delay.
 */
class ComposeBrowserTests extends BrowserTestSupport {

	private static final String FILE_NAME = "보고서 최종.pdf";

	/**
	 * The sidebar's folder depth is an inline style the page policy blocks; the e2e
	 * branch replaces it with a data attribute. Drop this once that has landed.
	 */
	private static final String SIDEBAR_STYLE = "Applying inline style violates the following Content Security Policy";

	@org.junit.jupiter.api.BeforeEach
	void sidebarStyle() {
		allowConsole(SIDEBAR_STYLE);
	}

	@Autowired
	UserSettingsService settings;

	@Autowired
	MessageStore store;

	@Autowired
	JdbcClient jdbc;

	@Test
	void dropsAFileSavesTheDraftSendsUndoesAndSends() throws Exception {
		TestUser kim = newUser("kim", "김철수");
		TestUser lee = newUser("lee", "이영희");
		this.settings.save(kim.account().id(), new UserSettings("김철수 드림", null, "en", 50, 3));
		this.store.deliver(
				new ByteArrayInputStream(("From: =?UTF-8?B?7J207JiB7Z2s?= <" + lee.email() + ">\r\nTo: " + kim.email()
						+ "\r\nSubject: hello\r\n\r\nhi\r\n")
					.getBytes(StandardCharsets.UTF_8)),
				List.of(kim.account().id()), Instant.now());
		signIn(kim);

		open("/mail/compose");
		WebElement to = waitForVisible(By.id("to"));
		to.sendKeys("이영");
		waitUntil("a suggestion for 이영", (browser) -> script(
				"return Array.from(document.querySelectorAll('#correspondents option')).map(o => o.value).join('|')")
			.toString()
			.contains("이영희 <" + lee.email() + ">"));
		to.clear();
		to.sendKeys("이영희 <" + lee.email() + ">");
		browser().findElement(By.id("subject")).sendKeys("분기 보고");

		// A file dropped on the form joins the file input and the list, with its size.
		script("""
				const transfer = new DataTransfer();
				transfer.items.add(new File(['%PDF-1.4 test'], arguments[0], { type: 'application/pdf' }));
				document.getElementById('compose-form').dispatchEvent(
				  new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
				""", FILE_NAME);
		waitForText(By.id("new-files"), FILE_NAME);
		assertThat(browser().findElement(By.id("new-files")).getText()).contains("13 B");
		assertThat(script("return document.getElementById('files').files.length")).isEqualTo(1L);

		// Rich text, the signature carried over.
		waitForClickable(By.id("editor-toggle")).click();
		WebElement editor = waitForVisible(By.id("editor"));
		assertThat(editor.getText()).contains("김철수 드림");
		editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME));
		browser().findElement(By.cssSelector("button[data-command='bold']")).click();
		editor.sendKeys("중요한 내용");
		assertThat(editor.getAttribute("innerHTML")).contains("<b>중요한 내용</b>");

		// Saved while typing: the file is in the draft now.
		new WebDriverWait(browser(), Duration.ofSeconds(25))
			.until((browser) -> !browser.findElement(By.id("draftId")).getAttribute("value").isEmpty());
		waitForText(By.id("kept-files"), FILE_NAME);
		assertThat(browser().findElement(By.id("new-files")).getText()).isEmpty();
		assertThat(script("return document.getElementById('files').files.length")).isEqualTo(0L);
		assertThat(browser().findElement(By.id("save-status")).getText()).startsWith("Draft saved at");
		screenshot("compose");

		// Send, then Undo: back on the compose page with everything.
		browser().findElement(By.id("send")).click();
		waitForVisible(By.id("undo"));
		screenshot("compose-undo");
		browser().findElement(By.id("undo")).click();
		waitUntil("the compose page of the draft", (browser) -> currentPath().startsWith("/mail/compose?draft="));
		assertThat(browser().findElement(By.id("subject")).getAttribute("value")).isEqualTo("분기 보고");
		assertThat(browser().findElement(By.id("to")).getAttribute("value")).contains(lee.email());
		assertThat(browser().findElement(By.id("kept-files")).getText()).contains(FILE_NAME);
		assertThat(waitForVisible(By.id("editor")).getAttribute("innerHTML")).contains("<b>중요한 내용</b>");

		// Send again and let it go: the notice goes away, the message arrives.
		browser().findElement(By.id("send")).click();
		waitForVisible(By.id("undo"));
		new WebDriverWait(browser(), Duration.ofSeconds(15))
			.until((browser) -> !browser.findElement(By.id("undo-send")).getText().contains("Undo"));
		long id = new WebDriverWait(browser(), Duration.ofSeconds(15)).until((browser) -> this.jdbc.sql("""
				select m.id from messages m join folders f on f.id = m.folder_id
				join message_contents c on c.id = m.content_id
				where m.user_id = :user and f.role = 'inbox' and c.subject = '분기 보고' and m.uid is not null
				""").param("user", lee.account().id()).query(Long.class).optional().orElse(null));
		try (InputStream raw = this.store.openRaw(lee.account().id(), id).orElseThrow()) {
			ParsedMessage parsed = new MimeParser().parse(raw);
			assertThat(parsed.body().children()).anySatisfy((part) -> assertThat(part.filename()).isEqualTo(FILE_NAME));
			assertThat(parsed.body().children().get(0).children())
				.anySatisfy((part) -> assertThat(part.text()).contains("<b>중요한 내용</b>").contains("김철수 드림"));
		}
		assertThat(this.jdbc.sql("""
				select count(*) from messages m join folders f on f.id = m.folder_id
				where m.user_id = :user and f.role = 'drafts'
				""").param("user", kim.account().id()).query(Long.class).single()).isZero();
	}

	@Test
	void filesOverTheLimitAreRefusedBeforeSending() {
		TestUser kim = newUser("kim", "김철수");
		signIn(kim);
		open("/mail/compose");
		waitForVisible(By.id("to")).sendKeys("someone@localhost");
		script("""
				const transfer = new DataTransfer();
				transfer.items.add(new File([new Uint8Array(26 * 1024 * 1024)], 'big.bin'));
				document.getElementById('compose-form').dispatchEvent(
				  new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
				""");
		waitForVisible(By.id("attach-error"));
		assertThat(browser().findElement(By.id("attach-error")).getText()).contains("25 MB");
		browser().findElement(By.cssSelector("#new-files .remove")).click();
		assertThat(browser().findElement(By.id("attach-error")).isDisplayed()).isFalse();
	}

}
