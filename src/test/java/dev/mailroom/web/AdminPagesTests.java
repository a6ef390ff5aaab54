package dev.mailroom.web;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.AliasView;
import dev.mailroom.account.Authenticator;
import dev.mailroom.account.UserAccount;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The administrator's pages, as the first administrator of the test configuration. */
@SpringBootTest
@AutoConfigureMockMvc
class AdminPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	Authenticator authenticator;

	@Autowired
	PersistentTokenRepository rememberMe;

	@Autowired
	JdbcClient jdbc;

	private UserAccount kim;

	private String suffix;

	@BeforeEach
	void users() {
		this.suffix = UUID.randomUUID().toString().substring(0, 8);
		this.kim = this.accounts.createUser("kim-" + this.suffix + "@localhost", "kim-password", "Kim", false);
	}

	private static RequestPostProcessor admin() {
		return user("admin@localhost").roles("USER", "ADMIN");
	}

	private String html(org.springframework.test.web.servlet.ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void aNormalUserIsForbiddenEverywhere() throws Exception {
		RequestPostProcessor kim = user(this.kim.email()).roles("USER");
		for (String page : new String[] { "/admin", "/admin/users", "/admin/domains", "/admin/aliases",
				"/admin/users/delete?email=admin@localhost" }) {
			this.mvc.perform(get(page).with(kim)).andExpect(status().isForbidden());
		}
		this.mvc
			.perform(post("/admin/users").param("localPart", "intruder")
				.param("domain", "localhost")
				.param("password", "intruder-password")
				.param("admin", "true")
				.with(csrf())
				.with(kim))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/users/delete").param("email", "admin@localhost").with(csrf()).with(kim))
			.andExpect(status().isForbidden());
		assertThat(this.accounts.findUser("intruder@localhost")).isEmpty();
		assertThat(this.accounts.findUser("admin@localhost")).isPresent();
		this.mvc.perform(get("/admin/users")).andExpect(redirectedUrl("/login"));
	}

	@Test
	void theUserListShowsEveryUser() throws Exception {
		this.mvc.perform(get("/admin")).andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/admin").with(admin())).andExpect(redirectedUrl("/admin/users"));
		String page = html(this.mvc.perform(get("/admin/users").with(admin())).andExpect(status().isOk()));
		assertThat(page).contains(this.kim.email()).contains("admin@localhost").contains("<time datetime=\"");
	}

	@Test
	void usersAreCreatedAndDeletedAfterConfirmation() throws Exception {
		String local = "new-" + this.suffix;
		this.mvc
			.perform(post("/admin/users").param("localPart", local)
				.param("domain", "example.test")
				.param("displayName", "새 사람")
				.param("password", "new-user-password")
				.with(csrf())
				.with(admin()))
			.andExpect(redirectedUrl("/admin/users"))
			.andExpect(flash().attribute("notice", "admin.users.created"));
		String email = local + "@example.test";
		UserAccount created = this.accounts.findUser(email).orElseThrow();
		assertThat(created.admin()).isFalse();
		assertThat(created.displayName()).isEqualTo("새 사람");
		assertThat(this.authenticator.authenticate(email, "new-user-password", null)).isPresent();

		String confirm = html(this.mvc.perform(get("/admin/users/delete").param("email", email).with(admin()))
			.andExpect(status().isOk()));
		assertThat(confirm).contains("Delete " + email + " with all their mail").contains("name=\"_csrf\"");
		assertThat(this.accounts.findUser(email)).isPresent();

		this.mvc.perform(post("/admin/users/delete").param("email", email).with(csrf()).with(admin()))
			.andExpect(redirectedUrl("/admin/users"));
		assertThat(this.accounts.findUser(email)).isEmpty();
	}

	@Test
	void refusalsAreShownWithWhatWasTyped() throws Exception {
		String page = html(this.mvc
			.perform(post("/admin/users").param("localPart", "kim-" + this.suffix)
				.param("domain", "localhost")
				.param("displayName", "Second Kim")
				.param("password", "another-password")
				.with(csrf())
				.with(admin()))
			.andExpect(status().isConflict()));
		assertThat(page).contains("is taken by a user or an alias").contains("value=\"Second Kim\"");

		page = html(this.mvc
			.perform(post("/admin/users").param("localPart", "short-" + this.suffix)
				.param("domain", "localhost")
				.param("password", "short")
				.with(csrf())
				.with(admin()))
			.andExpect(status().isUnprocessableContent()));
		assertThat(page).contains("A password needs at least 8 characters");
	}

	@Test
	void anAdministratorCannotDeleteThemself() throws Exception {
		String page = html(this.mvc
			.perform(post("/admin/users/delete").param("email", "Admin@Localhost").with(csrf()).with(admin()))
			.andExpect(status().isUnprocessableContent()));
		assertThat(page).contains("You cannot delete your own account.");
		assertThat(this.accounts.findUser("admin@localhost")).isPresent();
		assertThat(html(this.mvc.perform(get("/admin/users/delete").param("email", "admin@localhost").with(admin()))))
			.contains("You cannot delete your own account.")
			.doesNotContain("id=\"delete-user\"");
	}

	@Test
	void aPasswordResetEndsRememberedLogins() throws Exception {
		this.rememberMe
			.createNewToken(new PersistentRememberMeToken(this.kim.email(), "kim-" + this.suffix, "t", new Date()));
		this.mvc
			.perform(post("/admin/users/password").param("email", this.kim.email())
				.param("password", "reset-password")
				.with(csrf())
				.with(admin()))
			.andExpect(redirectedUrl("/admin/users"));
		assertThat(this.authenticator.authenticate(this.kim.email(), "reset-password", null)).isPresent();
		assertThat(this.jdbc.sql("select count(*) from persistent_logins where username = :user")
			.param("user", this.kim.email())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void domainsAreAddedAndDeletedButNotWhileTheyHaveUsers() throws Exception {
		String domain = "d-" + this.suffix + ".test";
		this.mvc.perform(post("/admin/domains").param("name", domain.toUpperCase()).with(csrf()).with(admin()))
			.andExpect(redirectedUrl("/admin/domains"));
		assertThat(this.accounts.isLocalDomain(domain)).isTrue();
		assertThat(html(this.mvc.perform(get("/admin/domains").with(admin())))).contains(domain);

		this.accounts.createUser("someone@" + domain, "someone-password", null, false);
		String page = html(
				this.mvc.perform(post("/admin/domains/delete").param("name", domain).with(csrf()).with(admin()))
					.andExpect(status().isConflict()));
		assertThat(page).contains("The domain " + domain + " still has users or aliases. Delete them first");
		assertThat(this.accounts.isLocalDomain(domain)).isTrue();

		this.accounts.deleteUser("someone@" + domain);
		this.mvc.perform(post("/admin/domains/delete").param("name", domain).with(csrf()).with(admin()))
			.andExpect(redirectedUrl("/admin/domains"));
		assertThat(this.accounts.isLocalDomain(domain)).isFalse();
	}

	@Test
	void aliasesAreAddedAndRemoved() throws Exception {
		String alias = "info-" + this.suffix + "@example.test";
		this.mvc
			.perform(post("/admin/aliases").param("localPart", "info-" + this.suffix)
				.param("domain", "example.test")
				.param("user", this.kim.email())
				.with(csrf())
				.with(admin()))
			.andExpect(redirectedUrl("/admin/aliases"));
		assertThat(this.accounts.listAliases()).extracting(AliasView::email, AliasView::userEmail)
			.contains(org.assertj.core.groups.Tuple.tuple(alias, this.kim.email()));
		assertThat(this.accounts.resolveRecipient(alias)).contains(this.kim);
		assertThat(html(this.mvc.perform(get("/admin/aliases").with(admin())))).contains(alias);

		this.mvc.perform(post("/admin/aliases/delete").param("email", alias).with(csrf()).with(admin()))
			.andExpect(redirectedUrl("/admin/aliases"));
		assertThat(this.accounts.resolveRecipient(alias)).isEmpty();

		this.mvc.perform(post("/admin/aliases/delete").param("email", alias).with(csrf()).with(admin()))
			.andExpect(status().isNotFound());
	}

	@Test
	void adminFormsNeedACsrfToken() throws Exception {
		this.mvc.perform(post("/admin/users/delete").param("email", this.kim.email()).with(admin()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/domains").param("name", "csrf-" + this.suffix + ".test").with(admin()))
			.andExpect(status().isForbidden());
		assertThat(this.accounts.findUser(this.kim.email())).isPresent();
		assertThat(this.accounts.isLocalDomain("csrf-" + this.suffix + ".test")).isFalse();
	}

	@Test
	void theAdminPagesSpeakKorean() throws Exception {
		String page = html(this.mvc.perform(get("/admin/domains").header("Accept-Language", "ko").with(admin())));
		assertThat(page).contains("도메인 관리").contains("도메인 추가");
	}

}
