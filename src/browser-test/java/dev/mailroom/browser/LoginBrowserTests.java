package dev.mailroom.browser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in with a real browser: the first thing every person does. The selectors are in
 * {@link LoginPage}.
 */
class LoginBrowserTests extends BrowserTestSupport {

	@Test
	void sendsVisitorToLoginAndSignsIn() {
		// No page answers at the start path yet: Spring answers 404 there once signed in.
		// Drop this when the webmail's start page lands.
		allowConsole("127\\.0\\.0\\.1:\\d+/(\\?continue)? - Failed to load resource: .* status of 404");
		TestUser user = newUser("kim", "김철수");

		open(LoginPage.START_PATH);
		waitForPath(LoginPage.PATH);
		waitForVisible(LoginPage.USERNAME);
		screenshot("login");

		signIn(user.email(), user.password());

		waitUntil("leaving the login page", (browser) -> !currentPath().startsWith(LoginPage.PATH));
		assertThat(currentPath()).startsWith(LoginPage.START_PATH);
		assertThat(isPresent(LoginPage.FORM)).as("login form after signing in").isFalse();
		// The session is signed in: the start page no longer sends us to the login page.
		open(LoginPage.START_PATH);
		assertThat(currentPath()).isEqualTo(LoginPage.START_PATH);
		assertThat(isPresent(LoginPage.FORM)).as("login form on the start page").isFalse();
	}

	@Test
	void wrongPasswordShowsError() {
		TestUser user = newUser("lee", "이영희");

		open(LoginPage.PATH);
		signIn(user.email(), "not-" + user.password());

		waitForPath(LoginPage.FAILED_PATH);
		waitForText(LoginPage.ERROR, LoginPage.ERROR_TEXT);
		assertThat(waitForVisible(LoginPage.USERNAME).isDisplayed()).isTrue();
		screenshot("login-failed");
	}

	@Test
	void unknownUserShowsTheSameError() {
		open(LoginPage.PATH);
		signIn("nobody@localhost", "password-nobody");

		waitForPath(LoginPage.FAILED_PATH);
		waitForText(LoginPage.ERROR, LoginPage.ERROR_TEXT);
	}

	private void signIn(String email, String password) {
		waitForVisible(LoginPage.USERNAME).sendKeys(email);
		browser().findElement(LoginPage.PASSWORD).sendKeys(password);
		waitForClickable(LoginPage.SUBMIT).click();
	}

}
