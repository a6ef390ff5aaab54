package dev.mailroom.browser;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guards of {@link BrowserTestSupport} catch what they are there for: a guard that
 * never fires would pass every test. Each test provokes a problem and checks that it was
 * seen, on the login page (the one page every visitor may open), with its
 * Content-Security-Policy switched off where the policy would stop the request first.
 */
class BrowserTestSupportTests extends BrowserTestSupport {

	@Test
	void countsConnectionsToTheAttackersHost() {
		openPageWithoutPolicy();
		addImage(attackerUrl("/pixel.png?who=me"));

		waitUntil("a hit on the trap", (browser) -> !attackerHits().isEmpty());
		assertThat(attackerHits()).contains("GET /pixel.png?who=me HTTP/1.1");
		assertThat(externalRequests()).contains("http://attacker.example/pixel.png?who=me");
		assertThatThrownBy(this::assertAttackerNotContacted).isInstanceOf(AssertionError.class);

		allowExternalRequestsTo(ATTACKER_HOST);
		allowConsole("attacker\\.example");
	}

	@Test
	void recordsAndStopsRequestsToOtherHosts() {
		openPageWithoutPolicy();
		addImage("https://tracker.example.com/t.gif");

		waitUntil("the request to be recorded", (browser) -> !externalRequests().isEmpty());
		assertThat(externalRequests()).containsExactly("https://tracker.example.com/t.gif");
		waitUntil("the failure in the console", (browser) -> !consoleProblems().isEmpty());
		assertThat(consoleProblems()).anyMatch((line) -> line.contains("net::ERR_NAME_NOT_RESOLVED"));
		assertAttackerNotContacted();

		allowExternalRequestsTo("tracker.example.com");
		allowConsole("tracker\\.example\\.com/t\\.gif - Failed to load resource: net::ERR_NAME_NOT_RESOLVED");
	}

	@Test
	void seesContentSecurityPolicyViolationsAndScriptErrors() {
		open(LoginPage.PATH);
		script("""
				const policy = document.createElement('meta');
				policy.httpEquiv = 'Content-Security-Policy';
				policy.content = "img-src 'none'";
				document.head.append(policy);
				""");
		addImage(url("/actuator/health"));
		script("setTimeout(() => { throw new Error('deliberate failure'); });");

		waitUntil("two problems in the console", (browser) -> consoleProblems().size() >= 2);
		assertThat(consoleProblems())
			.anyMatch((line) -> line.contains("violates the following Content Security Policy"))
			.anyMatch((line) -> line.contains("Uncaught Error: deliberate failure"));

		allowConsole("Content Security Policy");
		allowConsole("deliberate failure");
		assertNoConsoleProblems();
	}

	@Test
	void savesScreenshotsAtBothWidths() {
		open(LoginPage.PATH);

		assertThat(screenshot("self-test/login")).extracting((file) -> file.getFileName().toString())
			.containsExactly("login-desktop.png", "login-phone.png");
		assertThat(viewport()).isEqualTo(DESKTOP);
		assertThat(script("return window.innerWidth")).isEqualTo(1280L);
		phone();
		assertThat(script("return window.innerWidth")).isEqualTo(375L);
	}

	@Test
	void theWebmailsPolicyStopsForeignImagesBeforeTheyLeave() {
		open(LoginPage.PATH);
		addImage(attackerUrl("/pixel.png"));

		waitUntil("the CSP violation", (browser) -> !consoleProblems().isEmpty());
		assertThat(consoleProblems()).anyMatch((line) -> line.contains("violates the following Content Security Policy")
				&& line.contains("attacker.example/pixel.png"));
		// The browser meant to ask (so the request is recorded) but never connected.
		assertThat(externalRequests()).containsExactly(attackerUrl("/pixel.png"));
		waitForPageLoad();
		assertThat(attackerHits()).isEmpty();

		allowExternalRequestsTo(ATTACKER_HOST);
		allowConsole("Content Security Policy");
	}

	/**
	 * The login page with its Content-Security-Policy switched off (DevTools
	 * {@code Page.setBypassCSP}, until {@link #obeyPolicies()}), so that a request can
	 * get as far as the trap. A blank page would not do: Chromium keeps pages of no
	 * origin from loopback addresses, which is where the trap listens.
	 */
	private void openPageWithoutPolicy() {
		((ChromeDriver) browser()).executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
		open(LoginPage.PATH);
	}

	@AfterEach
	void obeyPolicies() {
		((ChromeDriver) browser()).executeCdpCommand("Page.setBypassCSP", Map.of("enabled", false));
	}

	private void addImage(String src) {
		script("const image = document.createElement('img'); image.src = arguments[0]; document.body.append(image);",
				src);
	}

}
