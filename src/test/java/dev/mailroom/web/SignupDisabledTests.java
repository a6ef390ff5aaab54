package dev.mailroom.web;

import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Sign-up is off unless {@code mailroom.signup.enabled} turns it on. */
@SpringBootTest
@AutoConfigureMockMvc
class SignupDisabledTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Test
	void signUpIsNotFoundAndNotLinked() throws Exception {
		this.mvc.perform(get("/signup")).andExpect(status().isNotFound());
		this.mvc
			.perform(post("/signup").param("localPart", "sneaky")
				.param("domain", "localhost")
				.param("password", "sign-up-password")
				.param("passwordAgain", "sign-up-password")
				.with(csrf()))
			.andExpect(status().isNotFound());
		assertThat(this.accounts.findUser("sneaky@localhost")).isEmpty();
		assertThat(this.mvc.perform(get("/login")).andReturn().getResponse().getContentAsString())
			.doesNotContain("/signup");
	}

}
