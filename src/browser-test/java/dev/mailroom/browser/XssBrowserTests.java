package dev.mailroom.browser;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.mailroom.mime.XssCorpus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XSS corpus of {@code src/test/resources/xss/} against the real webmail in Chromium:
 * every hostile HTML body of {@code payloads.txt} as a message, and every string of
 * {@code hostile-strings.txt} as a subject, a sender's name and an attachment's file
 * name. For each, the message page is opened and nothing may have happened: no script ran
 * in the page or in the body's iframe, nothing was asked of the attacker's host, the page
 * is still ours, and the console shows no error beyond the body's own policy refusing
 * something.
 * <p>
 * A payload that ran would have to leave a trace: {@code alert(...)} in every payload and
 * string is replaced by {@link #TRACE}, which sets {@code window.__pwned} (in its own
 * window and the top one) and fetches {@code http://attacker.example/ran} from the trap;
 * base64 {@code data:} URLs and RFC 2047 encoded words are decoded, rewritten and encoded
 * again. {@link #theTraceIsSeenWhenAPayloadRuns()} checks that the trace shows when a
 * payload does run.
 * <p>
 * To keep the run short, all messages are delivered by the first test and one session is
 * signed in once and reused (its cookie is given back to the browser before each test).
 */
class XssBrowserTests extends BrowserTestSupport {

	/** What a payload that runs asks for. */
	static final String TRAP_PATH = "/ran";

	/**
	 * The script put in place of {@code alert(...)}: no spaces, quotes or {@code >}, so
	 * it fits unquoted attributes, quoted ones and URLs alike.
	 */
	static final String TRACE = "(fetch(String.fromCharCode("
			+ "http://attacker.example/ran".chars().mapToObj(Integer::toString).collect(Collectors.joining(","))
			+ ")),self.__pwned=1,top.__pwned=1)";

	private static final Pattern ALERT = Pattern.compile("alert\\s*\\((?:[^()]|\\([^()]*\\))*\\)");

	private static final Pattern BASE64_DATA = Pattern.compile("(base64,)([A-Za-z0-9+/=]+)");

	private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");

	/** Anything that could make a file name or a header lie or break. */
	private static final Pattern UNSAFE_FILE_NAME = Pattern
		.compile("[\\x00-\\x1f\\x7f/\\\\\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

	/** Finds what could run or load in the top page; returns descriptions. */
	private static final String AUDIT_PAGE = """
			const problems = [];
			const origin = location.origin;
			for (const element of document.querySelectorAll('*')) {
			  for (const attribute of element.attributes) {
			    if (/^on/i.test(attribute.name)) problems.push('handler ' + element.localName + ' ' + attribute.name);
			  }
			}
			for (const script of document.scripts) {
			  if (script.src !== origin + '/assets/app.js') problems.push('script ' + script.outerHTML.slice(0, 120));
			}
			const foreign = 'img, svg, math, object, embed, base, frame, audio, video, template, meta[http-equiv]';
			for (const element of document.querySelectorAll(foreign)) {
			  // Our own icons (the attachment mark) are the only images a page may have.
			  if (element.localName === 'img' && element.getAttribute('src').startsWith('/assets/')
			      && element.src.startsWith(origin + '/assets/')) continue;
			  problems.push('element ' + element.outerHTML.slice(0, 120));
			}
			for (const frame of document.querySelectorAll('iframe:not(.body-frame)')) problems.push('iframe ' + frame.outerHTML.slice(0, 120));
			for (const link of document.querySelectorAll('a[href], link[href]')) {
			  if (!link.href.startsWith(origin + '/')) problems.push('link ' + link.href);
			}
			for (const form of document.forms) {
			  // getAttribute: our forms have buttons named "action", which shadow form.action.
			  const action = new URL(form.getAttribute('action') || '', location.href).href;
			  if (!action.startsWith(origin + '/')) problems.push('form ' + action);
			}
			return problems;
			""";

	/**
	 * Finds what could run, load or navigate in the message body (run inside its frame);
	 * returns descriptions. Links to other sites are fine; sources are not.
	 */
	private static final String AUDIT_BODY = """
			const problems = [];
			const tags = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link',
			  'form', 'input', 'button', 'select', 'textarea', 'svg', 'math', 'template', 'video', 'audio', 'source',
			  'picture', 'noscript', 'style', 'animate', 'set', 'use', 'feimage'];
			for (const element of document.body.querySelectorAll('*')) {
			  if (tags.includes(element.localName.toLowerCase())) problems.push('element ' + element.outerHTML.slice(0, 120));
			}
			for (const element of [document.body, ...document.body.querySelectorAll('*')]) {
			  for (const attribute of element.attributes) {
			    const name = attribute.name.toLowerCase();
			    const value = attribute.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
			    if (name.startsWith('on')) problems.push('handler ' + element.localName + ' ' + name);
			    if (/^(href|src|action|formaction|xlink:href|data|poster|background|srcset|ping|srcdoc|lowsrc|dynsrc)$/.test(name)) {
			      if (/^(javascript|vbscript|data:text|data:image\\/svg|data:application)/.test(value)) problems.push(name + '=' + value.slice(0, 80));
			      if (name !== 'href' && value.includes('attacker.example')) problems.push('remote ' + name + '=' + value.slice(0, 80));
			    }
			    if (name === 'style' && /url\\(|expression|behavior|binding|@import|position:fixed/.test(value)) {
			      problems.push('style ' + value.slice(0, 80));
			    }
			  }
			}
			for (const element of document.querySelectorAll('base[href], meta[http-equiv], script')) {
			  problems.push('head ' + element.outerHTML.slice(0, 120));
			}
			return problems;
			""";

	private static TestUser reader;

	private static Cookie session;

	private static final Map<String, Long> PAYLOAD_MESSAGES = new HashMap<>();

	private static final Map<Integer, Long> HOSTILE_MESSAGES = new LinkedHashMap<>();

	/** Every payload of the corpus, with {@code alert(...)} made observable. */
	static List<XssCorpus.Payload> payloads() {
		return XssCorpus.payloads()
			.stream()
			.map((payload) -> new XssCorpus.Payload(payload.name(), payload.kind(), payload.source(),
					observable(payload.html())))
			.toList();
	}

	/** Every hostile string of the corpus, observable likewise. */
	static List<Hostile> hostileStrings() {
		List<String> strings = XssCorpus.hostileStrings();
		return IntStream.range(0, strings.size()).mapToObj((i) -> Hostile.of(i, strings.get(i))).toList();
	}

	@BeforeEach
	void signedInWithEverythingDelivered() {
		// The body's own policy refusing something (in the body's document only) is the
		// policy doing its job; a violation in the webmail's page is not.
		allowConsole("^SEVERE " + Pattern.quote(url("/mail/message/")) + "\\d+/body\\S* .*Content Security Policy");
		if (reader == null) {
			reader = newUser("xss", "XSS 독자");
			deliverEverything();
			signIn(reader);
			session = browser().manage().getCookieNamed("JSESSIONID");
			assertThat(session).as("session cookie").isNotNull();
		}
		else {
			((ChromeDriver) browser()).executeCdpCommand("Network.setCookie", Map.of("name", session.getName(), "value",
					session.getValue(), "url", url("/"), "httpOnly", true, "path", "/"));
		}
	}

	private void deliverEverything() {
		for (XssCorpus.Payload payload : payloads()) {
			PAYLOAD_MESSAGES.put(payload.name(),
					deliver(TestMessage.from("XSS corpus", "corpus@attacker.example")
						.to(reader.email())
						.subject("payload " + payload.name())
						.html(payload.html())
						.bytes(), reader));
		}
		for (Hostile hostile : hostileStrings()) {
			TestMessage message = TestMessage.from(hostile.value(), "hostile@attacker.example")
				.to(reader.email())
				.text("Hostile string #" + hostile.index() + "\n")
				.attach(hostile.value(), "application/octet-stream",
						("hostile #" + hostile.index() + "\n").getBytes(StandardCharsets.UTF_8));
			if (hostile.rawHeader() != null) {
				message.rawSubject(hostile.rawHeader());
			}
			else {
				message.subject(hostile.value());
			}
			HOSTILE_MESSAGES.put(hostile.index(), deliver(message.bytes(), reader));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void payloadInTheBodyRunsNothing(XssCorpus.Payload payload) {
		long id = PAYLOAD_MESSAGES.get(payload.name());

		open("/mail/message/" + id);

		waitForBody(id);
		assertNothingRan(id);
		assertThat(auditBody()).as("what could run or load in the body of %s", payload.name()).isEmpty();
		assertThat(audit()).as("the page around the body").isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileStrings")
	void hostileSubjectSenderAndFileNameAreText(Hostile hostile) {
		long id = HOSTILE_MESSAGES.get(hostile.index());

		open("/mail/message/" + id);

		waitForBody(id);
		assertNothingRan(id);
		assertThat(audit()).as("what could run or load in the page").isEmpty();
		String subject = (String) script("return document.getElementById('subject').textContent");
		String sender = (String) script("return document.querySelector('.headers dd.from').textContent");
		if (hostile.comparable()) {
			assertThat(subject.strip()).as("subject").isEqualTo(hostile.shown().strip());
			// A display name is a phrase: its runs of white space are one space.
			assertThat(sender.replaceAll("\\s+", " ")).as("sender")
				.contains(hostile.value().strip().replaceAll("\\s+", " "));
		}
		List<WebElement> attachments = browser().findElements(MailPages.ATTACHMENT);
		assertThat(attachments).as("attachment").hasSize(1);
		String fileName = attachments.get(0).getDomProperty("textContent");
		if (hostile.comparable() && !hostile.value().contains("=?")) {
			// The parser keeps the last segment of a path (nothing, for one ending in a
			// slash); an encoded word in the name is decoded, so that case is left out.
			assertThat(fileName.equals("(unnamed)") || hostile.value().strip().endsWith(fileName))
				.as("file name shown: %s", fileName)
				.isTrue();
		}
		assertSafeDownload(attachments.get(0).getDomProperty("href"));
	}

	@Test
	void hostileSubjectsAreTextInTheList() {
		open("/mail");
		List<String> shown = new ArrayList<>();
		while (true) {
			waitForVisible(MailPages.ROWS);
			assertThat(audit()).as("what could run or load in the list at %s", currentPath()).isEmpty();
			@SuppressWarnings("unchecked")
			List<String> subjects = (List<String>) script(
					"return Array.from(document.querySelectorAll('.message-row .subject'), (s) => s.textContent)");
			shown.addAll(subjects);
			List<WebElement> older = browser().findElements(By.cssSelector(".pager a[rel='next']"));
			if (older.isEmpty()) {
				break;
			}
			older.get(0).click();
			waitForPageLoad();
		}
		assertNothingRanInTheList();
		assertThat(shown).hasSize(PAYLOAD_MESSAGES.size() + HOSTILE_MESSAGES.size());
		for (Hostile hostile : hostileStrings()) {
			if (hostile.comparable() && hostile.shown().contains("<")) {
				assertThat(shown).as("markup shown as text").contains(hostile.shown().strip());
			}
		}
	}

	/**
	 * The trace works: the observable form of a payload, put straight into a page whose
	 * policy is switched off, sets the flag and reaches the trap.
	 */
	@Test
	void theTraceIsSeenWhenAPayloadRuns() {
		ChromeDriver chrome = (ChromeDriver) browser();
		chrome.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
		try {
			open(LoginPage.PATH);
			script("document.body.insertAdjacentHTML('beforeend', arguments[0])",
					observable("<img src=x onerror=alert(1)>"));

			waitUntil("the flag", (browser) -> Long.valueOf(1).equals(script("return window.__pwned")));
			waitUntil("the trap", (browser) -> attackerHits().contains("GET " + TRAP_PATH + " HTTP/1.1"));
		}
		finally {
			chrome.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", false));
		}
		allowExternalRequestsTo(ATTACKER_HOST);
		allowConsole(".");
	}

	// --- checks
	// -------------------------------------------------------------------------

	private void waitForBody(long id) {
		String path = "/mail/message/" + id + "/body";
		waitUntil("the body of message " + id, (browser) -> Boolean.TRUE.equals(script("""
				const frame = document.querySelector('iframe.body-frame');
				const body = frame && frame.contentDocument;
				return !!body && body.readyState === 'complete' && body.location.pathname === arguments[0];
				""", path)));
		// Let whatever a payload would do on load (animations, autofocus, refresh)
		// happen.
		sleep(200);
	}

	private void assertNothingRan(long id) {
		assertThat(currentPath()).as("the page").isEqualTo("/mail/message/" + id);
		assertThat(script("return window.__pwned")).as("window.__pwned in the page").isNull();
		browser().switchTo().frame(browser().findElement(MailPages.BODY_FRAME));
		try {
			assertThat(script("return location.pathname")).as("the body frame")
				.isEqualTo("/mail/message/" + id + "/body");
			assertThat(script("return window.__pwned")).as("window.__pwned in the body frame").isNull();
		}
		finally {
			browser().switchTo().defaultContent();
		}
		assertThat(attackerHits()).as("connections to the attacker's host").isEmpty();
		assertThat(externalRequests()).as("requests to other hosts, even refused").isEmpty();
	}

	private void assertNothingRanInTheList() {
		assertThat(script("return window.__pwned")).as("window.__pwned in the list").isNull();
		assertThat(attackerHits()).as("connections to the attacker's host").isEmpty();
		assertThat(externalRequests()).as("requests to other hosts, even refused").isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> audit() {
		return (List<String>) script(AUDIT_PAGE);
	}

	@SuppressWarnings("unchecked")
	private List<String> auditBody() {
		browser().switchTo().frame(browser().findElement(MailPages.BODY_FRAME));
		try {
			return (List<String>) script(AUDIT_BODY);
		}
		finally {
			browser().switchTo().defaultContent();
		}
	}

	/**
	 * The attachment downloads as {@code application/octet-stream} under a header of
	 * plain ASCII whose file names carry nothing that could break it or lie.
	 */
	private void assertSafeDownload(String href) {
		HttpResponse<byte[]> download = fetchWithSession(href);
		assertThat(download.statusCode()).as("download status").isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		String disposition = download.headers().firstValue("Content-Disposition").orElseThrow();
		Matcher parts = Pattern.compile(
				"attachment; filename=\"([\\x20-\\x7e&&[^\"\\\\]]*)\"; filename\\*=UTF-8''([A-Za-z0-9%!#$&+.^_`|~-]+)")
			.matcher(disposition);
		assertThat(parts.matches()).as("Content-Disposition %s", disposition).isTrue();
		String name = URLDecoder.decode(parts.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
		assertThat(UNSAFE_FILE_NAME.matcher(name).find()).as("unsafe characters in %s", name).isFalse();
		assertThat(UNSAFE_FILE_NAME.matcher(parts.group(1)).find()).as("unsafe characters in %s", parts.group(1))
			.isFalse();
		assertThat(name).as("file name").doesNotStartWith(".").doesNotStartWith(" ");
	}

	// --- making payloads observable ---------------------------------------------------

	/**
	 * A payload or string with every {@code alert(...)} replaced by {@link #TRACE},
	 * inside base64 {@code data:} URLs too.
	 */
	static String observable(String hostile) {
		String rewritten = ALERT.matcher(hostile).replaceAll(Matcher.quoteReplacement(TRACE));
		return BASE64_DATA.matcher(rewritten).replaceAll((match) -> {
			byte[] decoded;
			try {
				decoded = Base64.getDecoder().decode(match.group(2));
			}
			catch (IllegalArgumentException ex) {
				return Matcher.quoteReplacement(match.group());
			}
			String inside = new String(decoded, StandardCharsets.ISO_8859_1);
			String observable = ALERT.matcher(inside).replaceAll(Matcher.quoteReplacement(TRACE));
			return Matcher.quoteReplacement(match.group(1)
					+ Base64.getEncoder().encodeToString(observable.getBytes(StandardCharsets.ISO_8859_1)));
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A string of {@code hostile-strings.txt}, made observable.
	 *
	 * @param index its place in the file, for the message of its own
	 * @param value the string used as sender name and file name, and (encoded as needed)
	 * as the subject
	 * @param rawHeader for a string that is itself an RFC 2047 encoded word: the encoded
	 * word, rewritten inside, to put in the Subject header as it is; else null
	 * @param shown what the subject should read once decoded
	 */
	record Hostile(int index, String value, String rawHeader, String shown) {

		static Hostile of(int index, String original) {
			Matcher word = ENCODED_WORD.matcher(original);
			if (word.matches()) {
				Charset charset = Charset.forName(word.group(1));
				String decoded = word.group(2).equalsIgnoreCase("B")
						? new String(Base64.getDecoder().decode(word.group(3)), charset)
						: decodeQ(word.group(3), charset);
				String observable = observable(decoded);
				return new Hostile(index, observable(original), TestMessage.encodedWords(observable, charset),
						observable);
			}
			String observable = observable(original);
			return new Hostile(index, observable, null, observable);
		}

		private static String decodeQ(String text, Charset charset) {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '_') {
					out.write(' ');
				}
				else if (c == '=' && i + 2 < text.length()) {
					out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
					i += 2;
				}
				else {
					out.write(c);
				}
			}
			return out.toString(charset);
		}

		/**
		 * Whether the page should show exactly this text: no control or formatting
		 * characters, which a parser may rightly drop.
		 */
		boolean comparable() {
			return this.shown.chars().noneMatch((c) -> c < 0x20 || c == 0x7f || (c >= 0x200e && c <= 0x202e));
		}

		@Override
		public String toString() {
			StringBuilder label = new StringBuilder("#" + this.index + " ");
			this.value.codePoints()
				.limit(60)
				.forEach((c) -> label.append((c < 0x20 || c == 0x7f || (c >= 0x200e && c <= 0x206f))
						? String.format("\\u%04x", c) : Character.toString(c)));
			return label.toString();
		}

	}

}
