package dev.mailroom.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.Authenticator;
import dev.mailroom.account.UserAccount;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Self sign-up where it is enabled. */
@SpringBootTest(properties = "mailroom.signup.enabled=true")
@AutoConfigureMockMvc
class SignupTests {

	private static final AtomicInteger clients = new AtomicInteger(1);

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	Authenticator authenticator;

	/** Every test signs up from an address of its own, so the hourly limit is its own. */
	private final String client = "192.0.2." + clients.getAndIncrement();

	private RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private ResultActions signUp(String local, String domain, String password, String again) throws Exception {
		return this.mvc.perform(post("/signup").param("localPart", local)
			.param("domain", domain)
			.param("displayName", "새 사용자")
			.param("password", password)
			.param("passwordAgain", again)
			.with(csrf())
			.with(from(this.client)));
	}

	private String refused(ResultActions result) throws Exception {
		return result.andExpect(status().isUnprocessableContent())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private static String unique() {
		return "new-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void theFormOffersTheLocalDomainsAndTheLoginPageLinksIt() throws Exception {
		String html = this.mvc.perform(get("/signup"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("<option value=\"localhost\"").contains("<option value=\"example.test\"");
		assertThat(this.mvc.perform(get("/login")).andReturn().getResponse().getContentAsString())
			.contains("href=\"/signup\"");
	}

	@Test
	void aNewUserCanSignInAfterwards() throws Exception {
		String local = unique();
		signUp(" " + local.toUpperCase() + " ", "example.test", "sign-up-password", "sign-up-password")
			.andExpect(redirectedUrl("/login?signedup"));

		UserAccount created = this.accounts.findUser(local + "@example.test").orElseThrow();
		assertThat(created.admin()).isFalse();
		assertThat(created.displayName()).isEqualTo("새 사용자");
		assertThat(this.authenticator.authenticate(local + "@example.test", "sign-up-password", null)).isPresent();
		this.mvc
			.perform(post("/login").param("username", local + "@example.test")
				.param("password", "sign-up-password")
				.with(csrf()))
			.andExpect(redirectedUrl("/mail"));
	}

	@Test
	void reservedNamesAreRefused() throws Exception {
		for (String name : new String[] { "postmaster", "abuse", "admin", "root", "hostmaster", "webmaster", "noreply",
				"mailer-daemon", "PostMaster" }) {
			assertThat(refused(signUp(name, "example.test", "sign-up-password", "sign-up-password")))
				.contains("This name is reserved");
			assertThat(this.accounts.findUser(name + "@example.test")).isEmpty();
		}
	}

	@Test
	void invalidLocalPartsAreRefused() throws Exception {
		for (String name : new String[] { "", "a..b", ".a", "a.", "-a", "a b", "a+b", "a@b", "김철수", "a\"b",
				"x".repeat(65) }) {
			assertThat(refused(signUp(name, "example.test", "sign-up-password", "sign-up-password")))
				.contains("Use only letters, digits, dots, hyphens and underscores");
		}
	}

	@Test
	void takenAddressesAndAliasesAreRefused() throws Exception {
		String taken = unique();
		this.accounts.createUser(taken + "@example.test", "taken-password", null, false);
		assertThat(refused(signUp(taken, "example.test", "sign-up-password", "sign-up-password")))
			.contains("This address is taken.");

		String alias = unique();
		this.accounts.addAlias(alias + "@example.test", taken + "@example.test");
		assertThat(refused(signUp(alias, "example.test", "sign-up-password", "sign-up-password")))
			.contains("This address is taken.");
	}

	@Test
	void onlyLocalDomainsAndGoodPasswords() throws Exception {
		assertThat(refused(signUp(unique(), "elsewhere.test", "sign-up-password", "sign-up-password")))
			.contains("Choose a domain from the list.");
		assertThat(refused(signUp(unique(), "example.test", "short", "short")))
			.contains("The password needs at least 8 characters.");
		assertThat(refused(signUp(unique(), "example.test", "sign-up-password", "sign-up-passw0rd")))
			.contains("The two passwords are not the same.");
	}

	@Test
	void aClientMayCreateFiveAccountsAnHour() throws Exception {
		for (int i = 0; i < SignupThrottle.MAX_SIGNUPS; i++) {
			signUp(unique(), "localhost", "sign-up-password", "sign-up-password")
				.andExpect(redirectedUrl("/login?signedup"));
		}
		String local = unique();
		String html = signUp(local, "localhost", "sign-up-password", "sign-up-password")
			.andExpect(status().isTooManyRequests())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("Too many accounts were created from your network");
		assertThat(this.accounts.findUser(local + "@localhost")).isEmpty();

		this.mvc
			.perform(post("/signup").param("localPart", local)
				.param("domain", "localhost")
				.param("password", "sign-up-password")
				.param("passwordAgain", "sign-up-password")
				.with(csrf())
				.with(from("198.51.100.1")))
			.andExpect(redirectedUrl("/login?signedup"));
	}

	@Test
	void signUpNeedsACsrfToken() throws Exception {
		String local = unique();
		this.mvc
			.perform(post("/signup").param("localPart", local)
				.param("domain", "localhost")
				.param("password", "sign-up-password")
				.param("passwordAgain", "sign-up-password"))
			.andExpect(status().isForbidden());
		assertThat(this.accounts.findUser(local + "@localhost")).isEmpty();
	}

	@Test
	void theFormSpeaksKorean() throws Exception {
		String html = this.mvc.perform(get("/signup").header("Accept-Language", "ko-KR,ko;q=0.9"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("계정 만들기").contains("비밀번호 확인");
	}

}
