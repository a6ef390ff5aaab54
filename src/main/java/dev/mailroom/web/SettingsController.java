package dev.mailroom.web;

import java.time.Instant;
import java.time.ZoneId;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.ApiTokens;
import dev.mailroom.account.Authenticator;
import dev.mailroom.account.CreatedToken;
import dev.mailroom.account.LoginThrottledException;
import dev.mailroom.account.UserSettings;
import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.MailboxService;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The user's own settings: name, signature, time zone, language, page size and undo-send
 * delay; the password; and personal API tokens for the REST API. A form with mistakes
 * comes back (422) with a message at each wrong field; one that worked redirects, so the
 * next page already speaks the language just chosen.
 */
@Controller
class SettingsController {

	static final int MAX_SIGNATURE_LENGTH = 2000;

	private final AccountService accounts;

	private final UserSettingsService settings;

	private final Authenticator authenticator;

	private final ApiTokens tokens;

	private final MailboxService mailboxes;

	private final RememberMeLogins rememberMe;

	SettingsController(AccountService accounts, UserSettingsService settings, Authenticator authenticator,
			ApiTokens tokens, MailboxService mailboxes, RememberMeLogins rememberMe) {
		this.accounts = accounts;
		this.settings = settings;
		this.authenticator = authenticator;
		this.tokens = tokens;
		this.mailboxes = mailboxes;
		this.rememberMe = rememberMe;
	}

	@GetMapping("/settings")
	String show(CurrentUser me, Model model) {
		return page(me, model);
	}

	@PostMapping("/settings")
	String save(CurrentUser me, @ModelAttribute("settingsForm") SettingsForm form, BindingResult errors, Model model,
			HttpServletResponse response, RedirectAttributes flash) {
		String displayName = (form.getDisplayName() != null) ? form.getDisplayName().strip() : "";
		if (displayName.length() > AccountService.MAX_DISPLAY_NAME_LENGTH) {
			errors.rejectValue("displayName", "settings.error.display-name-length",
					new Object[] { AccountService.MAX_DISPLAY_NAME_LENGTH }, null);
		}
		else if (displayName.chars().anyMatch(Character::isISOControl)) {
			errors.rejectValue("displayName", "settings.error.display-name-invalid");
		}
		String signature = (form.getSignature() != null) ? form.getSignature().replace("\r\n", "\n") : "";
		if (signature.length() > MAX_SIGNATURE_LENGTH) {
			errors.rejectValue("signature", "settings.error.signature-length", new Object[] { MAX_SIGNATURE_LENGTH },
					null);
		}
		ZoneId zone = null;
		if (hasText(form.getTimeZone())) {
			if (ZoneChoice.isKnown(form.getTimeZone())) {
				zone = ZoneId.of(form.getTimeZone());
			}
			else {
				errors.rejectValue("timeZone", "settings.error.time-zone");
			}
		}
		else if (me.settings().timeZone() == null && ZoneChoice.isKnown(form.getBrowserTimeZone())) {
			// Never chosen: take the browser's, as settings.js found it.
			zone = ZoneId.of(form.getBrowserTimeZone());
		}
		String language = hasText(form.getLanguage()) ? form.getLanguage() : null;
		if (language != null && !language.equals("en") && !language.equals("ko")) {
			errors.rejectValue("language", "settings.error.language");
		}
		int pageSize = number(form.getPageSize(), 10, 200, "pageSize", "settings.error.page-size", errors);
		int undo = number(form.getUndoSendSeconds(), 0, 30, "undoSendSeconds", "settings.error.undo-send", errors);
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return page(me, model);
		}
		try {
			this.accounts.setDisplayName(me.id(), displayName);
		}
		catch (AccountException ex) {
			errors.rejectValue("displayName", "settings.error.display-name-invalid");
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return page(me, model);
		}
		this.settings.save(me.id(), new UserSettings(signature, zone, language, pageSize, undo));
		flash.addFlashAttribute("notice", "settings.saved");
		return "redirect:/settings";
	}

	@PostMapping("/settings/password")
	String changePassword(CurrentUser me, @ModelAttribute("passwordForm") PasswordForm form, BindingResult errors,
			Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
		String newPassword = (form.getNewPassword() != null) ? form.getNewPassword() : "";
		if (newPassword.length() < AccountService.MIN_PASSWORD_LENGTH) {
			errors.rejectValue("newPassword", "settings.error.password-length",
					new Object[] { AccountService.MIN_PASSWORD_LENGTH }, null);
		}
		else if (!newPassword.equals(form.getNewPasswordAgain())) {
			errors.rejectValue("newPasswordAgain", "settings.error.password-mismatch");
		}
		if (!errors.hasErrors()) {
			// Through the authenticator, so guessing here is throttled like a login.
			try {
				boolean right = this.authenticator
					.authenticate(me.email(), form.getCurrentPassword(), request.getRemoteAddr())
					.filter((account) -> account.id() == me.id())
					.isPresent();
				if (!right) {
					errors.rejectValue("currentPassword", "settings.error.password-wrong");
				}
			}
			catch (LoginThrottledException ex) {
				errors.rejectValue("currentPassword", "settings.error.password-throttled",
						new Object[] { Math.max(1, ex.retryAfter().toSeconds()) }, null);
			}
		}
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return page(me, model);
		}
		this.accounts.setPassword(me.email(), newPassword);
		this.rememberMe.revokeOthers(me.email(), request);
		flash.addFlashAttribute("notice", "settings.password-changed");
		return "redirect:/settings";
	}

	/**
	 * Creates a token and shows it on the page this POST returns, the only time it is
	 * ever shown; it is never put in the session or a redirect.
	 */
	@PostMapping("/settings/tokens")
	String createToken(CurrentUser me, @ModelAttribute("tokenForm") TokenForm form, BindingResult errors, Model model,
			HttpServletResponse response) {
		String name = (form.getName() != null) ? form.getName().strip() : "";
		if (name.isEmpty()) {
			errors.rejectValue("name", "settings.error.token-name");
		}
		else if (name.length() > ApiTokens.MAX_NAME_LENGTH) {
			errors.rejectValue("name", "settings.error.token-name-length", new Object[] { ApiTokens.MAX_NAME_LENGTH },
					null);
		}
		CreatedToken created = null;
		if (!errors.hasErrors()) {
			try {
				created = this.tokens.create(me.id(), name);
			}
			catch (AccountException ex) {
				errors.rejectValue("name", "settings.error.token-name");
			}
		}
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return page(me, model);
		}
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("createdToken", created);
		model.addAttribute("tokenForm", new TokenForm());
		model.addAttribute("notice", "settings.tokens.created");
		return page(me, model);
	}

	/** After creating a token, a reload of its page comes here: back to the settings. */
	@GetMapping("/settings/tokens")
	String tokens() {
		return "redirect:/settings#tokens";
	}

	@PostMapping("/settings/tokens/{id}/revoke")
	String revokeToken(CurrentUser me, @PathVariable long id, RedirectAttributes flash) {
		if (!this.tokens.revoke(me.id(), id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		flash.addFlashAttribute("notice", "settings.tokens.revoked");
		return "redirect:/settings#tokens";
	}

	private String page(CurrentUser me, Model model) {
		if (!model.containsAttribute("settingsForm")) {
			model.addAttribute("settingsForm", SettingsForm.of(me.account(), me.settings()));
		}
		if (!model.containsAttribute("passwordForm")) {
			model.addAttribute("passwordForm", new PasswordForm());
		}
		if (!model.containsAttribute("tokenForm")) {
			model.addAttribute("tokenForm", new TokenForm());
		}
		model.addAttribute("zones", ZoneChoice.all(Instant.now()));
		model.addAttribute("zoneChosen", me.settings().timeZone() != null);
		model.addAttribute("tokens", this.tokens.list(me.id()));
		model.addAttribute("minPasswordLength", AccountService.MIN_PASSWORD_LENGTH);
		model.addAttribute("maxSignatureLength", MAX_SIGNATURE_LENGTH);
		MailController.addSidebar(me, this.mailboxes.folderSummaries(me.id()), null, model);
		return "settings";
	}

	private static int number(String text, int min, int max, String field, String code, BindingResult errors) {
		try {
			int value = Integer.parseInt((text != null) ? text.strip() : "");
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// The same message as a number out of range.
		}
		errors.rejectValue(field, code, new Object[] { min, max }, null);
		return min;
	}

	private static boolean hasText(String text) {
		return text != null && !text.isBlank();
	}

}
