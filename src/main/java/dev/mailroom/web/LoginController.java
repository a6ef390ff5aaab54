package dev.mailroom.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the POST. */
@Controller
class LoginController {

	private final SignupProperties signup;

	LoginController(SignupProperties signup) {
		this.signup = signup;
	}

	@GetMapping("/login")
	String login(org.springframework.ui.Model model) {
		model.addAttribute("signupEnabled", this.signup.enabled());
		return "login";
	}

}
