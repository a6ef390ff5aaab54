package dev.mailroom.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.DomainView;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * Self sign-up, only where {@code mailroom.signup.enabled} is true (a 404 otherwise): a
 * new ordinary user on one of the local domains. Addresses that mail systems reserve for
 * their operators are refused, and so are local parts beyond plain letters, digits, dots,
 * hyphens and underscores; each client address may create
 * {@value SignupThrottle#MAX_SIGNUPS} accounts an hour.
 */
@Controller
class SignupController {

	/** Roles (RFC 2142) and names people would take for the operators. */
	static final Set<String> RESERVED = Set.of("postmaster", "abuse", "admin", "root", "hostmaster", "webmaster",
			"noreply", "mailer-daemon");

	private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

	private final SignupProperties properties;

	private final AccountService accounts;

	private final SignupThrottle throttle;

	SignupController(SignupProperties properties, AccountService accounts, SignupThrottle throttle) {
		this.properties = properties;
		this.accounts = accounts;
		this.throttle = throttle;
	}

	@GetMapping("/signup")
	String form(Model model) {
		requireEnabled();
		List<DomainView> domains = this.accounts.listDomains();
		SignupForm form = new SignupForm();
		if (!domains.isEmpty()) {
			form.setDomain(domains.get(0).name());
		}
		model.addAttribute("signupForm", form);
		return page(domains, model);
	}

	@PostMapping("/signup")
	String signUp(@ModelAttribute("signupForm") SignupForm form, BindingResult errors, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		requireEnabled();
		List<DomainView> domains = this.accounts.listDomains();
		String local = (form.getLocalPart() != null) ? form.getLocalPart().strip().toLowerCase(Locale.ROOT) : "";
		if (!LOCAL_PART.matcher(local).matches() || local.contains("..")) {
			errors.rejectValue("localPart", "signup.error.local-part");
		}
		else if (RESERVED.contains(local)) {
			errors.rejectValue("localPart", "signup.error.reserved");
		}
		String domain = form.getDomain();
		if (domains.stream().noneMatch((candidate) -> candidate.name().equals(domain))) {
			errors.rejectValue("domain", "signup.error.domain");
		}
		String displayName = (form.getDisplayName() != null) ? form.getDisplayName().strip() : "";
		if (displayName.length() > AccountService.MAX_DISPLAY_NAME_LENGTH
				|| displayName.chars().anyMatch(Character::isISOControl)) {
			errors.rejectValue("displayName", "signup.error.display-name",
					new Object[] { AccountService.MAX_DISPLAY_NAME_LENGTH }, null);
		}
		String password = (form.getPassword() != null) ? form.getPassword() : "";
		if (password.length() < AccountService.MIN_PASSWORD_LENGTH) {
			errors.rejectValue("password", "signup.error.password-length",
					new Object[] { AccountService.MIN_PASSWORD_LENGTH }, null);
		}
		else if (!password.equals(form.getPasswordAgain())) {
			errors.rejectValue("passwordAgain", "signup.error.password-mismatch");
		}
		String client = request.getRemoteAddr();
		if (!errors.hasErrors() && !this.throttle.allowed(client)) {
			errors.reject("signup.error.too-many");
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			return page(domains, model);
		}
		if (!errors.hasErrors()) {
			try {
				this.accounts.createUser(local + "@" + domain, password, displayName, false);
				this.throttle.created(client);
				return "redirect:/login?signedup";
			}
			catch (AccountException ex) {
				errors.rejectValue("localPart", (ex.reason() == AccountException.Reason.DUPLICATE)
						? "signup.error.taken" : "signup.error.local-part");
			}
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		return page(domains, model);
	}

	private String page(List<DomainView> domains, Model model) {
		model.addAttribute("domains", domains);
		model.addAttribute("minPasswordLength", AccountService.MIN_PASSWORD_LENGTH);
		return "signup";
	}

	private void requireEnabled() {
		if (!this.properties.enabled()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
