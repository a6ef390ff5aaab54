package dev.mailroom.browser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.StoredMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base class of the end-to-end tests in a real headless Chromium, driven by Selenium.
 * <p>
 * Each test class gets the whole application on a random loopback port (embedded
 * PostgreSQL, as every other {@code @SpringBootTest}; the context is shared by all
 * browser test classes) and its own fresh Chromium, started from
 * {@code /usr/bin/chromium} through {@code /usr/bin/chromedriver} (Debian's
 * {@code chromium} and {@code chromium-driver}; override with the system properties
 * {@code mailroom.browser.chromium} and {@code mailroom.browser.chromedriver}). Selenium
 * Manager is never asked for a driver, and nothing is downloaded.
 * <p>
 * Before each test the browser forgets cookies and storage, shows {@code about:blank} and
 * takes the {@link #DESKTOP} viewport again. After each test it fails the test when:
 * <ul>
 * <li>the browser console logged a Content Security Policy violation, or any entry at
 * level {@code SEVERE} (uncaught JavaScript errors, {@code console.error}, resources that
 * failed to load, except the browser's own request for {@code /favicon.ico}), unless the
 * test allowed it with {@link #allowConsole(String)};</li>
 * <li>the browser tried to reach any host other than {@code 127.0.0.1} or
 * {@code localhost}, unless the test allowed that host with
 * {@link #allowExternalRequestsTo(String)}.</li>
 * </ul>
 * No request can leave the machine in any case: Chromium runs with
 * {@code --host-resolver-rules} that resolve every other name to nothing, except
 * {@link #ATTACKER_HOST} (and its subdomains), which resolves to a {@link HostTrap} on
 * loopback that counts every connection made to it; see
 * {@link #assertAttackerNotContacted()}. Requests are seen through ChromeDriver's
 * performance log (DevTools {@code Network} events), console entries through its browser
 * log ({@code goog:loggingPrefs}).
 * <p>
 * When a test fails, the page it was on is saved as
 * {@code target/screenshots/failed/<class>.<method>.png}. {@link #screenshot(String)}
 * saves the current page at desktop and phone widths under {@code target/screenshots/}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
public abstract class BrowserTestSupport {

	/** 1280 by 900 CSS pixels, a laptop's browser window. */
	public static final Viewport DESKTOP = new Viewport("desktop", 1280, 900, false);

	/**
	 * 375 by 812 CSS pixels with touch and mobile viewport rules, an iPhone-sized phone.
	 */
	public static final Viewport PHONE = new Viewport("phone", 375, 812, true);

	/**
	 * The host name that hostile test messages point at. Chromium resolves it, and every
	 * name below it, to a local trap that counts connections; nothing reaches the
	 * network.
	 */
	public static final String ATTACKER_HOST = "attacker.example";

	/** How long the wait helpers wait before they fail. */
	protected static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** How often the wait helpers look again. */
	private static final Duration POLL = Duration.ofMillis(100);

	private static final Path CHROMIUM = Path.of(System.getProperty("mailroom.browser.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("mailroom.browser.chromedriver", "/usr/bin/chromedriver"));

	private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");

	/** Where {@link #screenshot(String)} saves. */
	protected static final Path SCREENSHOTS = TARGET.resolve("screenshots");

	private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

	private static final Pattern CSP_VIOLATION = Pattern.compile("Content[ -]Security[ -]Policy",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Console entries no test needs to hear about: the browser asks for
	 * {@code /favicon.ico} by itself, whether or not a page names an icon.
	 */
	private static final List<Pattern> ALWAYS_ALLOWED_CONSOLE = List
		.of(Pattern.compile("^SEVERE \\S+/favicon\\.ico - Failed to load resource"));

	private static final JsonMapper JSON = new JsonMapper();

	/** For {@link #fetchWithSession(String)}: loopback only, redirects not followed. */
	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(TIMEOUT)
		.build();

	private static final AtomicInteger USERS = new AtomicInteger();

	/** One trap for the whole run; its port goes into every Chromium's resolver rules. */
	private static final HostTrap ATTACKER = HostTrap.start();

	private static ChromeDriver driver;

	private static Path profile;

	@RegisterExtension
	static final AfterTestExecutionCallback SCREENSHOT_ON_FAILURE = BrowserTestSupport::screenshotOnFailure;

	@LocalServerPort
	private int port;

	@Autowired
	private AccountService accounts;

	@Autowired
	private MessageStore store;

	@Autowired
	private MessageService messages;

	@Autowired
	private dev.mailroom.account.UserSettingsService userSettings;

	private final List<Pattern> allowedConsole = new ArrayList<>();

	private final Set<String> allowedHosts = new LinkedHashSet<>();

	private final List<String> consoleProblems = new ArrayList<>();

	private final Set<String> externalRequests = new LinkedHashSet<>();

	private Viewport viewport = DESKTOP;

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(CHROMIUM).as("Chromium (apt-get install chromium)").isExecutable();
		assertThat(CHROMEDRIVER).as("ChromeDriver (apt-get install chromium-driver)").isExecutable();
		Files.createDirectories(TARGET.resolve("browser"));
		profile = Files.createTempDirectory(TARGET.resolve("browser"), "chromium-profile-");

		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--no-default-browser-check", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-extensions", "--password-store=basic",
				"--lang=en-US", "--window-size=" + DESKTOP.width() + "," + DESKTOP.height(),
				"--user-data-dir=" + profile, "--host-resolver-rules=" + hostResolverRules(ATTACKER.port()));
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en", "credentials_enable_service",
				false, "profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false));
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		logging.enable(LogType.PERFORMANCE, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
		options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
		options.setPageLoadStrategy(PageLoadStrategy.NORMAL);

		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(TARGET.resolve("browser").resolve("chromedriver.log").toFile())
			.build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		driver.manage().timeouts().scriptTimeout(TIMEOUT);
	}

	/**
	 * Every host resolves to nothing but loopback, and the attacker's host to the trap.
	 * Exclusions apply before the first matching {@code MAP}.
	 */
	static String hostResolverRules(int trapPort) {
		String trap = "127.0.0.1:" + trapPort;
		return String.join(", ", "MAP " + ATTACKER_HOST + " " + trap, "MAP *." + ATTACKER_HOST + " " + trap,
				"MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1", "EXCLUDE localhost");
	}

	@AfterAll
	static void quitBrowser() throws IOException {
		try {
			if (driver != null) {
				driver.quit();
			}
		}
		finally {
			driver = null;
			if (profile != null) {
				deleteRecursively(profile);
				profile = null;
			}
		}
	}

	@BeforeEach
	void resetBrowser() {
		driver.get("about:blank");
		readLogs();
		this.consoleProblems.clear();
		this.externalRequests.clear();
		forgetSession();
		viewport(DESKTOP);
		ATTACKER.clear();
	}

	/**
	 * Forgets cookies and storage, as a new browser would: the next page is seen by a
	 * visitor who has not signed in.
	 */
	protected final void forgetSession() {
		driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
		driver.executeCdpCommand("Storage.clearDataForOrigin",
				Map.of("origin", url(""), "storageTypes", "cookies,local_storage,indexeddb,cache_storage"));
	}

	@AfterEach
	void checkBrowser() {
		List<String> external = externalRequests().stream()
			.filter((url) -> !this.allowedHosts.contains(hostOf(url)))
			.toList();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(consoleProblems()).as("browser console errors and CSP violations").isEmpty();
			softly.assertThat(external).as("requests to hosts other than 127.0.0.1 and localhost").isEmpty();
		});
	}

	// --- the application ------------------------------------------------------------

	/** The application's address for a path, such as {@code url("/login")}. */
	protected final String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** The port the application's HTTP server listens on, on 127.0.0.1. */
	protected final int port() {
		return this.port;
	}

	/** Creates a user through {@link AccountService}, as the admin API does. */
	protected final UserAccount createUser(String email, String password, String displayName, boolean admin) {
		return this.accounts.createUser(email, password, displayName, admin);
	}

	/**
	 * Creates a user with an address no other test uses ({@code <prefix>-<n>@localhost})
	 * and the password {@code "password-" + prefix}.
	 */
	protected final TestUser newUser(String prefix, String displayName) {
		String email = prefix + "-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
				+ "@localhost";
		String password = "password-" + prefix;
		return new TestUser(email, password, createUser(email, password, displayName, false));
	}

	/**
	 * Turns the user's undo-send delay off, so Send delivers before the next page (the
	 * delay itself is tested in ComposeBrowserTests).
	 */
	protected final void sendAtOnce(TestUser user) {
		this.userSettings.save(user.account().id(), new dev.mailroom.account.UserSettings("", null, null, 50, 0));
	}

	/** The id of one of a user's system folders, such as the INBOX. */
	protected final long folderOf(TestUser user, FolderRole role) {
		return this.messages.folderOf(user.account().id(), role);
	}

	/** The mailbox as the webmail's controllers see it, for set-up and checks. */
	protected final MessageService messages() {
		return this.messages;
	}

	/**
	 * Delivers a raw RFC 5322 message to local users, as the SMTP server would, and
	 * returns the ids of their copies in the order of the users.
	 */
	protected final List<Long> deliver(byte[] raw, TestUser... to) {
		List<Long> userIds = Stream.of(to).map((user) -> user.account().id()).toList();
		Map<Long, Long> byUser = this.store.deliver(new ByteArrayInputStream(raw), userIds, Instant.now())
			.stream()
			.collect(Collectors.toMap(StoredMessage::userId, StoredMessage::id));
		return userIds.stream().map(byUser::get).toList();
	}

	/** {@link #deliver(byte[], TestUser...)} to one user: the id of their copy. */
	protected final long deliver(byte[] raw, TestUser to) {
		return deliver(raw, new TestUser[] { to }).get(0);
	}

	// --- the browser ----------------------------------------------------------------

	/**
	 * Signs a user in through the login page, in a new session, and waits for their
	 * inbox.
	 */
	protected final void signIn(TestUser user) {
		forgetSession();
		open(LoginPage.PATH);
		waitForVisible(LoginPage.USERNAME).sendKeys(user.email());
		driver.findElement(LoginPage.PASSWORD).sendKeys(user.password());
		waitForClickable(LoginPage.SUBMIT).click();
		waitForPath("/mail/folder/" + folderOf(user, FolderRole.INBOX));
	}

	/**
	 * Fetches a path (or a full URL) of the application outside the browser, with the
	 * browser's cookies (its session), as a download manager would: for responses the
	 * browser would save rather than show.
	 */
	protected final HttpResponse<byte[]> fetchWithSession(String path) {
		String cookies = driver.manage()
			.getCookies()
			.stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
		String address = path.startsWith(url("/")) ? path : url(path);
		HttpRequest request = HttpRequest.newBuilder(URI.create(address))
			.header("Cookie", cookies)
			.timeout(TIMEOUT)
			.GET()
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** This test class's Chromium. */
	protected final WebDriver browser() {
		return driver;
	}

	/** Loads a path of the application and waits for the page to finish loading. */
	protected final void open(String path) {
		driver.get(url(path));
	}

	/** The path (and query) of the page the browser shows. */
	protected final String currentPath() {
		URI uri = URI.create(driver.getCurrentUrl());
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	/** Runs JavaScript in the page and returns its result. */
	protected final Object script(String javaScript, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(javaScript, arguments);
	}

	/** The viewport the page is laid out for now. */
	protected final Viewport viewport() {
		return this.viewport;
	}

	/**
	 * Lays the page out for a viewport, as a device of that size would (DevTools device
	 * metrics emulation; the phone also gets touch and honours
	 * {@code <meta name=viewport>}).
	 */
	protected final void viewport(Viewport viewport) {
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(), "height",
				viewport.height(), "deviceScaleFactor", 1, "mobile", viewport.mobile()));
		driver.executeCdpCommand("Emulation.setTouchEmulationEnabled",
				Map.of("enabled", viewport.mobile(), "maxTouchPoints", viewport.mobile() ? 5 : 1));
		this.viewport = viewport;
	}

	/** {@link #viewport(Viewport)} at {@link #DESKTOP}. */
	protected final void desktop() {
		viewport(DESKTOP);
	}

	/** {@link #viewport(Viewport)} at {@link #PHONE}. */
	protected final void phone() {
		viewport(PHONE);
	}

	// --- waiting --------------------------------------------------------------------

	/**
	 * Waits up to {@link #TIMEOUT} for a condition to give a non-null, non-false value.
	 * Selenium's {@link ExpectedConditions} describe themselves when they time out.
	 */
	protected final <T> T waitUntil(ExpectedCondition<T> condition) {
		return waitUntil(condition.toString(), condition);
	}

	/**
	 * {@link #waitUntil(ExpectedCondition)} for any condition, with what it waits for.
	 */
	protected final <T> T waitUntil(String description, Function<? super WebDriver, T> condition) {
		return new WebDriverWait(driver, TIMEOUT, POLL)
			.withMessage(() -> "waiting for " + description + " on " + driver.getCurrentUrl())
			.until(condition::apply);
	}

	/** Waits for an element to be present and visible, and returns it. */
	protected final WebElement waitForVisible(By locator) {
		return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/** Waits for an element to be visible and enabled, and returns it. */
	protected final WebElement waitForClickable(By locator) {
		return waitUntil(ExpectedConditions.elementToBeClickable(locator));
	}

	/** Waits until no element matches, or none that matches is visible. */
	protected final void waitForGone(By locator) {
		waitUntil(ExpectedConditions.invisibilityOfElementLocated(locator));
	}

	/** Waits until an element's visible text contains a string. */
	protected final void waitForText(By locator, String text) {
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(locator, text));
	}

	/**
	 * Waits until the browser shows a path of the application (query included, if any).
	 */
	protected final void waitForPath(String path) {
		waitUntil("path " + path, (browser) -> path.equals(currentPath()));
	}

	/** Waits until the document, its images and frames have loaded. */
	protected final void waitForPageLoad() {
		waitUntil("document.readyState complete", (browser) -> "complete".equals(script("return document.readyState")));
	}

	/** True when at least one element matches, visible or not, without waiting. */
	protected final boolean isPresent(By locator) {
		return !driver.findElements(locator).isEmpty();
	}

	// --- screenshots ----------------------------------------------------------------

	/**
	 * Saves what the browser shows at {@link #DESKTOP} and at {@link #PHONE} width as
	 * {@code target/screenshots/<name>-desktop.png} and {@code <name>-phone.png}, then
	 * returns to the viewport the test had.
	 */
	protected final List<Path> screenshot(String name) {
		Viewport before = this.viewport;
		try {
			return List.of(screenshot(name, DESKTOP), screenshot(name, PHONE));
		}
		finally {
			viewport(before);
		}
	}

	/**
	 * Saves what the browser shows at one viewport as
	 * {@code target/screenshots/<name>-<viewport>.png}, and leaves that viewport set.
	 */
	protected final Path screenshot(String name, Viewport viewport) {
		viewport(viewport);
		// Let the page lay itself out and paint at the new size before the picture.
		((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
				+ "requestAnimationFrame(() => requestAnimationFrame(() => done()));");
		return save(SCREENSHOTS.resolve(name + "-" + viewport.name() + ".png"));
	}

	private static Path save(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void screenshotOnFailure(ExtensionContext context) {
		if (context.getExecutionException().isPresent() && driver != null) {
			String name = context.getRequiredTestClass().getSimpleName() + "."
					+ context.getRequiredTestMethod().getName();
			try {
				save(SCREENSHOTS.resolve("failed").resolve(name + ".png"));
			}
			catch (RuntimeException ex) {
				context.getExecutionException().get().addSuppressed(ex);
			}
		}
	}

	// --- console and network --------------------------------------------------------

	/**
	 * Lets this test's console contain entries matching a regular expression (found
	 * anywhere in the entry, which reads {@code "<LEVEL> <url> <line:column> <text>"}),
	 * such as a CSP violation the test provokes on purpose. Applies to the whole test,
	 * entries logged before the call included.
	 */
	protected final void allowConsole(String regex) {
		this.allowedConsole.add(Pattern.compile(regex));
	}

	/**
	 * The console's CSP violations and {@code SEVERE} entries so far in this test, less
	 * the allowed ones. {@code checkBrowser} fails the test when this is not empty at its
	 * end.
	 */
	protected final List<String> consoleProblems() {
		readLogs();
		return this.consoleProblems.stream()
			.filter((line) -> Stream.concat(ALWAYS_ALLOWED_CONSOLE.stream(), this.allowedConsole.stream())
				.noneMatch((allowed) -> allowed.matcher(line).find()))
			.toList();
	}

	/** Fails now, rather than after the test, if the console has problems. */
	protected final void assertNoConsoleProblems() {
		assertThat(consoleProblems()).as("browser console errors and CSP violations").isEmpty();
	}

	/**
	 * Every URL the browser requested so far in this test from a host other than
	 * {@code 127.0.0.1} or {@code localhost}, in order, once each (none of them got out).
	 */
	protected final List<String> externalRequests() {
		readLogs();
		return List.copyOf(this.externalRequests);
	}

	/** Lets this test request a host other than loopback (still answered by nothing). */
	protected final void allowExternalRequestsTo(String host) {
		this.allowedHosts.add(host.toLowerCase(Locale.ROOT));
	}

	/** An address on the attacker's host, for hostile test messages. */
	protected final String attackerUrl(String path) {
		return "http://" + ATTACKER_HOST + path;
	}

	/**
	 * The connections made to the attacker's host in this test so far, each described by
	 * its HTTP request line (or a note for TLS and empty connections).
	 */
	protected final List<String> attackerHits() {
		return ATTACKER.hits();
	}

	/**
	 * Waits for the page to finish loading and a moment more, then asserts that the
	 * browser neither requested nor connected to {@link #ATTACKER_HOST} during this test.
	 */
	protected final void assertAttackerNotContacted() {
		waitForPageLoad();
		try {
			Thread.sleep(300);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(ATTACKER.connections()).as("connections to %s: %s", ATTACKER_HOST, ATTACKER.hits()).isZero();
		assertThat(externalRequests()).as("requests to %s", ATTACKER_HOST)
			.noneMatch((url) -> isAttackerHost(hostOf(url)));
	}

	private static boolean isAttackerHost(String host) {
		return host.equals(ATTACKER_HOST) || host.endsWith("." + ATTACKER_HOST);
	}

	/** Drains ChromeDriver's browser and performance logs into this test's records. */
	private void readLogs() {
		for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
			String line = entry.getLevel() + " " + entry.getMessage();
			boolean problem = entry.getLevel().intValue() >= Level.SEVERE.intValue()
					|| CSP_VIOLATION.matcher(entry.getMessage()).find();
			if (problem) {
				this.consoleProblems.add(line);
			}
		}
		for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
			JsonNode message = JSON.readTree(entry.getMessage()).path("message");
			String method = message.path("method").asString("");
			String requested = switch (method) {
				case "Network.requestWillBeSent" -> message.path("params").path("request").path("url").asString("");
				case "Network.webSocketCreated" -> message.path("params").path("url").asString("");
				default -> "";
			};
			if (isExternal(requested)) {
				this.externalRequests.add(requested);
			}
		}
	}

	private static boolean isExternal(String url) {
		if (url.isEmpty() || url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) {
			return false;
		}
		return !LOOPBACK_HOSTS.contains(hostOf(url));
	}

	/** The lower-case host of a URL, or the whole URL when it has none. */
	private static String hostOf(String url) {
		try {
			String host = new URI(url).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : url;
		}
		catch (URISyntaxException ex) {
			return url;
		}
	}

	private static void deleteRecursively(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * A size the page is laid out for.
	 *
	 * @param name used in screenshot file names
	 * @param width CSS pixels
	 * @param height CSS pixels
	 * @param mobile phone rules: touch, and {@code <meta name=viewport>} is honoured
	 */
	public record Viewport(String name, int width, int height, boolean mobile) {
	}

	/**
	 * A user made for one test.
	 *
	 * @param email the address, which is also the login name
	 * @param password the password
	 * @param account the account as {@link AccountService} created it
	 */
	public record TestUser(String email, String password, UserAccount account) {
	}

}
