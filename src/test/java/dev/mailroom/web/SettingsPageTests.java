package dev.mailroom.web;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.ApiTokens;
import dev.mailroom.account.Authenticator;
import dev.mailroom.account.CreatedToken;
import dev.mailroom.account.UserAccount;
import dev.mailroom.account.UserSettings;
import dev.mailroom.account.UserSettingsService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The settings page: preferences, password change and API tokens, through the whole
 * application on the embedded PostgreSQL.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SettingsPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	UserSettingsService settings;

	@Autowired
	ApiTokens tokens;

	@Autowired
	Authenticator authenticator;

	@Autowired
	PersistentTokenRepository rememberMe;

	@Autowired
	JdbcClient jdbc;

	private UserAccount kim;

	private UserAccount lee;

	@BeforeEach
	void users() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.kim = this.accounts.createUser("kim-" + suffix + "@localhost", "kim-password", "Kim", false);
		this.lee = this.accounts.createUser("lee-" + suffix + "@localhost", "lee-password", "Lee", false);
	}

	private RequestPostProcessor as(UserAccount account) {
		return user(account.email()).roles("USER");
	}

	private String page(UserAccount account) throws Exception {
		return this.mvc.perform(get("/settings").with(as(account)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void theSettingsPageNeedsASignIn() throws Exception {
		this.mvc.perform(get("/settings")).andExpect(redirectedUrl("/login"));
	}

	@Test
	void showsTheCurrentSettings() throws Exception {
		String html = page(this.kim);
		assertThat(html).contains("value=\"Kim\"")
			.contains("<option value=\"Asia/Seoul\">Asia/Seoul (UTC+09:00)</option>")
			.contains("/assets/settings.js");
		// Asia/Seoul and UTC come before the alphabetical list.
		assertThat(html.indexOf("value=\"Asia/Seoul\"")).isLessThan(html.indexOf("value=\"UTC\""));
		assertThat(html.indexOf("value=\"UTC\"")).isLessThan(html.indexOf("value=\"Africa/Abidjan\""));
		assertThat(html).doesNotContain("<script>");
	}

	@Test
	void settingsAreSavedAndShown() throws Exception {
		this.mvc
			.perform(post("/settings").param("displayName", " 김철수 ")
				.param("signature", "김철수 드림\r\n010-1234-5678")
				.param("timeZone", "Asia/Seoul")
				.param("language", "en")
				.param("pageSize", "25")
				.param("undoSendSeconds", "10")
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(redirectedUrl("/settings"));

		UserSettings saved = this.settings.get(this.kim.id());
		assertThat(saved).isEqualTo(new UserSettings("김철수 드림\n010-1234-5678", ZoneId.of("Asia/Seoul"), "en", 25, 10));
		assertThat(this.accounts.findUser(this.kim.id()).orElseThrow().displayName()).isEqualTo("김철수");
		String html = page(this.kim);
		assertThat(html).contains("value=\"김철수\"")
			.contains("김철수 드림\n010-1234-5678</textarea>")
			.contains("<option value=\"Asia/Seoul\" selected=\"selected\">")
			.contains("<option value=\"en\" lang=\"en\" selected=\"selected\">")
			.contains("value=\"25\"")
			.contains("value=\"10\"");
	}

	@Test
	void theBrowserZoneIsTakenWhileNoneWasChosen() throws Exception {
		save(this.kim, "", "Europe/Berlin");
		assertThat(this.settings.get(this.kim.id()).timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));

		save(this.lee, "UTC", "Europe/Berlin");
		assertThat(this.settings.get(this.lee.id()).timeZone()).isEqualTo(ZoneId.of("UTC"));
	}

	private void save(UserAccount account, String zone, String browserZone) throws Exception {
		this.mvc
			.perform(post("/settings").param("timeZone", zone)
				.param("browserTimeZone", browserZone)
				.param("pageSize", "50")
				.param("undoSendSeconds", "5")
				.with(csrf())
				.with(as(account)))
			.andExpect(redirectedUrl("/settings"));
	}

	@Test
	void mistakesAreShownAtTheirFieldsAndNothingIsSaved() throws Exception {
		String html = this.mvc
			.perform(post("/settings").param("displayName", "Kim")
				.param("signature", "x".repeat(2001))
				.param("timeZone", "Mars/Olympus_Mons")
				.param("language", "fr")
				.param("pageSize", "five")
				.param("undoSendSeconds", "31")
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("A signature can have at most 2,000 characters.")
			.contains("Choose a time zone from the list.")
			.contains("Choose a language from the list.")
			.contains("Enter a number from 10 to 200.")
			.contains("Enter a number of seconds from 0 to 30.")
			.contains("aria-invalid=\"true\"");
		assertThat(this.settings.get(this.kim.id())).isEqualTo(UserSettings.DEFAULTS);
	}

	@Test
	void choosingKoreanChangesTheNextPage() throws Exception {
		assertThat(page(this.kim)).contains("Settings").doesNotContain("설정 저장");
		this.mvc
			.perform(post("/settings").param("language", "ko")
				.param("pageSize", "50")
				.param("undoSendSeconds", "5")
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(redirectedUrl("/settings"));

		String html = page(this.kim);
		assertThat(html).contains("lang=\"ko\"").contains("설정 저장").contains("비밀번호 변경").contains("받은편지함");
		// Others keep their language.
		assertThat(page(this.lee)).contains("Save settings");
	}

	@Test
	void formsNeedACsrfToken() throws Exception {
		this.mvc.perform(post("/settings").param("language", "ko").with(as(this.kim)))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/settings/password").param("currentPassword", "kim-password")
				.param("newPassword", "new-password")
				.param("newPasswordAgain", "new-password")
				.with(as(this.kim)))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/settings/tokens").param("name", "x").with(as(this.kim)))
			.andExpect(status().isForbidden());
		assertThat(this.settings.get(this.kim.id()).language()).isNull();
		assertThat(this.authenticator.authenticate(this.kim.email(), "kim-password", null)).isPresent();
		assertThat(this.tokens.list(this.kim.id())).isEmpty();
	}

	@Test
	void aWrongCurrentPasswordIsRefused() throws Exception {
		String html = changePassword("not-my-password", "new-password", "new-password")
			.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("That is not your current password.");
		assertThat(this.authenticator.authenticate(this.kim.email(), "kim-password", null)).isPresent();
	}

	@Test
	void newPasswordsMustMatchAndBeLongEnough() throws Exception {
		assertThat(changePassword("kim-password", "short", "short").andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8)).contains("The new password needs at least 8 characters.");
		assertThat(changePassword("kim-password", "new-password", "new-passw0rd")
			.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8)).contains("The two new passwords are not the same.");
		assertThat(this.authenticator.authenticate(this.kim.email(), "kim-password", null)).isPresent();
	}

	@Test
	void guessingTheCurrentPasswordIsThrottledLikeALogin() throws Exception {
		for (int i = 0; i < 5; i++) {
			changePassword("guess-" + i, "new-password", "new-password").andExpect(status().isUnprocessableContent());
		}
		String html = changePassword("kim-password", "new-password", "new-password")
			.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("Too many wrong passwords.");
	}

	@Test
	void theNewPasswordWorksAndOtherRememberedLoginsEnd() throws Exception {
		Date now = new Date();
		this.rememberMe.createNewToken(new PersistentRememberMeToken(this.kim.email(), "this-browser", "t1", now));
		this.rememberMe.createNewToken(new PersistentRememberMeToken(this.kim.email(), "other-browser", "t2", now));
		this.rememberMe.createNewToken(new PersistentRememberMeToken(this.lee.email(), "lee-browser", "t3", now));
		Cookie cookie = new Cookie("remember-me",
				Base64.getEncoder()
					.withoutPadding()
					.encodeToString("this-browser:t1".getBytes(StandardCharsets.UTF_8)));

		this.mvc
			.perform(post("/settings/password").param("currentPassword", "kim-password")
				.param("newPassword", "새 비밀번호 long")
				.param("newPasswordAgain", "새 비밀번호 long")
				.cookie(cookie)
				.with(csrf())
				.with(as(this.kim)))
			.andExpect(redirectedUrl("/settings"));

		assertThat(this.authenticator.authenticate(this.kim.email(), "새 비밀번호 long", null)).isPresent();
		assertThat(this.authenticator.authenticate(this.kim.email(), "kim-password", null)).isEmpty();
		assertThat(series(this.kim.email())).containsExactly("this-browser");
		assertThat(series(this.lee.email())).containsExactly("lee-browser");
		this.mvc
			.perform(post("/login").param("username", this.kim.email()).param("password", "새 비밀번호 long").with(csrf()))
			.andExpect(redirectedUrl("/mail"));
	}

	@Test
	void withoutARememberMeCookieEveryRememberedLoginEnds() throws Exception {
		this.rememberMe.createNewToken(new PersistentRememberMeToken(this.kim.email(), "somewhere", "t1", new Date()));
		changePassword("kim-password", "new-password", "new-password").andExpect(redirectedUrl("/settings"));
		assertThat(series(this.kim.email())).isEmpty();
	}

	private org.springframework.test.web.servlet.ResultActions changePassword(String current, String next, String again)
			throws Exception {
		return this.mvc.perform(post("/settings/password").param("currentPassword", current)
			.param("newPassword", next)
			.param("newPasswordAgain", again)
			.with(csrf())
			.with(as(this.kim)));
	}

	private List<String> series(String username) {
		return this.jdbc.sql("select series from persistent_logins where username = :user order by series")
			.param("user", username)
			.query(String.class)
			.list();
	}

	@Test
	void aCreatedTokenIsShownOnceAndWorks() throws Exception {
		String html = this.mvc
			.perform(post("/settings/tokens").param("name", "백업 스크립트").with(csrf()).with(as(this.kim)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		Matcher token = Pattern.compile("id=\"new-token\"[^>]*value=\"(mr_[A-Za-z0-9_-]{43})\"").matcher(html);
		assertThat(token.find()).as("the token is on the page").isTrue();
		assertThat(html).contains("it will not be shown again").contains("백업 스크립트");
		assertThat(this.tokens.authenticate(token.group(1))).contains(this.kim);

		String later = page(this.kim);
		assertThat(later).doesNotContain(token.group(1))
			.contains("백업 스크립트")
			.contains("mr_" + token.group(1).substring(3, 11) + "…")
			.contains("<time datetime=\"");
	}

	@Test
	void aTokenNeedsAName() throws Exception {
		String html = this.mvc.perform(post("/settings/tokens").param("name", "  ").with(csrf()).with(as(this.kim)))
			.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("A token needs a name");
		assertThat(this.tokens.list(this.kim.id())).isEmpty();
	}

	@Test
	void tokensAreRevokedOnlyByTheirOwner() throws Exception {
		CreatedToken created = this.tokens.create(this.kim.id(), "laptop");

		this.mvc.perform(post("/settings/tokens/" + created.id() + "/revoke").with(csrf()).with(as(this.lee)))
			.andExpect(status().isNotFound());
		assertThat(this.tokens.authenticate(created.token())).contains(this.kim);

		this.mvc.perform(post("/settings/tokens/" + created.id() + "/revoke").with(csrf()).with(as(this.kim)))
			.andExpect(redirectedUrl("/settings#tokens"));
		assertThat(this.tokens.authenticate(created.token())).isEmpty();
		assertThat(page(this.kim)).doesNotContain("laptop").contains("You have no API tokens.");
	}

}
