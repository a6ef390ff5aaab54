package dev.mailroom.browser;

import java.util.regex.Pattern;

import org.openqa.selenium.By;

/**
 * Where the sign-in page ({@code templates/login.html}) and the first signed-in page keep
 * what the browser tests look for: the one place to change when those pages change.
 */
final class LoginPage {

	/** Where a visitor without a session is sent. */
	static final String PATH = "/login";

	/** Where a failed sign-in returns. */
	static final String FAILED_PATH = "/login?error";

	/** Where signing out lands. */
	static final String SIGNED_OUT_PATH = "/login?logout";

	static final By FORM = By.id("login-form");

	static final By USERNAME = By.id("username");

	static final By PASSWORD = By.id("password");

	static final By REMEMBER_ME = By.name("remember-me");

	static final By SUBMIT = By.id("login-submit");

	/** The message a failed sign-in shows. */
	static final By ERROR = By.cssSelector("[role='alert']");

	/** What the error says ({@code login.failed} of {@code i18n/web.properties}). */
	static final String ERROR_TEXT = "Wrong address or password.";

	/** What the page says after signing out ({@code login.signed-out}). */
	static final String SIGNED_OUT_TEXT = "You are signed out.";

	/** The webmail's start page, which sends a signed-in user to their inbox. */
	static final String START_PATH = "/mail";

	/** Where the start page leads: the inbox, a folder like any other. */
	static final Pattern INBOX_PATH = Pattern.compile("/mail/folder/\\d+");

	/** The signed-in user's address in the top bar. */
	static final By ME = By.cssSelector(".topbar .me");

	/** The top bar's sign-out button. */
	static final By SIGN_OUT = By.cssSelector(".topbar form[action$='/logout'] button");

	private LoginPage() {
	}

}
