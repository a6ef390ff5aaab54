package dev.mailroom.browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guards of {@link BrowserTestSupport} catch what they are there for: a guard that
 * never fires would pass every test. Each test provokes a problem on the login page (the
 * one page every visitor may open) and checks that it was seen.
 */
class BrowserTestSupportTests extends BrowserTestSupport {

	@Test
	void countsConnectionsToTheAttackersHost() {
		open(LoginPage.PATH);
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
		open(LoginPage.PATH);
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

	private void addImage(String src) {
		script("const image = document.createElement('img'); image.src = arguments[0]; document.body.append(image);",
				src);
	}

}
