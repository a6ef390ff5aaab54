package dev.mailroom.browser;

import dev.mailroom.mailbox.FolderRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in with a real browser: the first thing every person does. The selectors are in
 * {@link LoginPage}.
 */
class LoginBrowserTests extends BrowserTestSupport {

	@Test
	void sendsVisitorToLoginAndSignsIn() {
		TestUser user = newUser("kim", "김철수");

		open(LoginPage.START_PATH);
		waitForPath(LoginPage.PATH);
		waitForVisible(LoginPage.USERNAME);
		assertThat(script("return document.activeElement.id")).as("focused field").isEqualTo("username");
		screenshot("login");

		signIn(user.email(), user.password());

		String inbox = "/mail/folder/" + folderOf(user, FolderRole.INBOX);
		waitForPath(inbox);
		assertThat(waitForVisible(LoginPage.ME).getText()).isEqualTo(user.email());
		assertThat(isPresent(LoginPage.FORM)).as("login form after signing in").isFalse();
		// The session is signed in: the start page no longer sends us to the login page.
		open(LoginPage.START_PATH);
		waitForPath(inbox);
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

	@Test
	void signingOutEndsTheSession() {
		TestUser user = newUser("park", "박민수");
		signIn(user);

		waitForClickable(LoginPage.SIGN_OUT).click();

		waitForPath(LoginPage.SIGNED_OUT_PATH);
		waitForText(By.cssSelector("[role='status']"), LoginPage.SIGNED_OUT_TEXT);
		open(LoginPage.START_PATH);
		waitForPath(LoginPage.PATH);
	}

	@Test
	void keepMeSignedInOutlivesTheSession() {
		TestUser user = newUser("choi", "최지우");

		open(LoginPage.PATH);
		waitForVisible(LoginPage.REMEMBER_ME).click();
		signIn(user.email(), user.password());
		waitUntil("the inbox", (browser) -> LoginPage.INBOX_PATH.matcher(currentPath()).matches());
		Cookie remember = browser().manage().getCookieNamed("remember-me");
		assertThat(remember).as("remember-me cookie").isNotNull();
		assertThat(remember.isHttpOnly()).isTrue();

		// The browser restarts: the session cookie is gone, the remember-me cookie stays.
		browser().manage().deleteCookieNamed("JSESSIONID");
		open(LoginPage.START_PATH);

		waitUntil("the inbox", (browser) -> LoginPage.INBOX_PATH.matcher(currentPath()).matches());
		assertThat(waitForVisible(LoginPage.ME).getText()).isEqualTo(user.email());
	}

	private void signIn(String email, String password) {
		waitForVisible(LoginPage.USERNAME).sendKeys(email);
		browser().findElement(LoginPage.PASSWORD).sendKeys(password);
		waitForClickable(LoginPage.SUBMIT).click();
	}

}
