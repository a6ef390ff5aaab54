package dev.mailroom.browser;

import org.openqa.selenium.By;

/**
 * Where the sign-in page and the first signed-in page keep what the browser tests look
 * for: the one place to change when the webmail's own pages replace Spring Security's
 * default login page.
 */
final class LoginPage {

	/** Where a visitor without a session is sent. */
	static final String PATH = "/login";

	/** Where a failed sign-in returns. */
	static final String FAILED_PATH = "/login?error";

	static final By FORM = By.cssSelector("form[action$='/login'][method='post']");

	static final By USERNAME = By.name("username");

	static final By PASSWORD = By.name("password");

	static final By SUBMIT = By.cssSelector("form[action$='/login'] [type='submit']");

	/** The message a failed sign-in shows. */
	static final By ERROR = By.cssSelector("[role='alert']");

	/** What the error says (Spring Security's default wording). */
	static final String ERROR_TEXT = "Invalid credentials";

	/**
	 * Where a sign-in lands when it started at {@code /}. Today no page answers there
	 * (Spring answers 404), so the test only checks that the login page is gone.
	 */
	static final String START_PATH = "/";

	private LoginPage() {
	}

}
