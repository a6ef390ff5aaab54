package dev.mailroom.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.EmailAddress;
import dev.mailroom.mailbox.MailboxService;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's pages: users, local domains and aliases, over the same
 * {@link AccountService} as the REST admin API. Only administrators get here (the web
 * security configuration guards {@code /admin/**}). A change that worked redirects with a
 * notice; one that was refused comes back (422) with the reason and what was typed.
 */
@Controller
class AdminPagesController {

	private final AccountService accounts;

	private final MailboxService mailboxes;

	private final RememberMeLogins rememberMe;

	private final MessageSource messages;

	AdminPagesController(AccountService accounts, MailboxService mailboxes, RememberMeLogins rememberMe,
			MessageSource messages) {
		this.accounts = accounts;
		this.mailboxes = mailboxes;
		this.rememberMe = rememberMe;
		this.messages = messages;
	}

	@GetMapping({ "/admin", "/admin/" })
	String index() {
		return "redirect:/admin/users";
	}

	@GetMapping("/admin/users")
	String users(CurrentUser me, Model model) {
		return usersPage(me, model);
	}

	@PostMapping("/admin/users")
	String createUser(CurrentUser me, @RequestParam(defaultValue = "") String localPart,
			@RequestParam(defaultValue = "") String domain, @RequestParam(defaultValue = "") String displayName,
			@RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "false") boolean admin,
			Model model, HttpServletResponse response, RedirectAttributes flash) {
		try {
			String email = this.accounts.createUser(localPart.strip() + "@" + domain, password, displayName, admin)
				.email();
			return done(flash, "admin.users.created", email, "/admin/users");
		}
		catch (AccountException ex) {
			model.addAttribute("newLocalPart", localPart);
			model.addAttribute("newDomain", domain);
			model.addAttribute("newDisplayName", displayName);
			model.addAttribute("newAdmin", admin);
			return refused(ex, model, response, () -> usersPage(me, model));
		}
	}

	@PostMapping("/admin/users/password")
	String resetPassword(CurrentUser me, @RequestParam String email, @RequestParam(defaultValue = "") String password,
			Model model, HttpServletResponse response, RedirectAttributes flash) {
		try {
			this.accounts.setPassword(email, password);
			// Whoever had the old password may have kept a login: end them all.
			this.rememberMe.revokeAll(EmailAddress.parse(email).toString());
			return done(flash, "admin.users.password-reset", email, "/admin/users");
		}
		catch (AccountException ex) {
			return refused(ex, model, response, () -> usersPage(me, model));
		}
	}

	/** Asks before deleting: works without scripts, and names what goes. */
	@GetMapping("/admin/users/delete")
	String confirmDelete(CurrentUser me, @RequestParam String email, Model model) {
		model.addAttribute("user",
				this.accounts.findUser(email).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("self", isSelf(me, email));
		addLayout(me, model);
		return "admin/delete-user";
	}

	@PostMapping("/admin/users/delete")
	String deleteUser(CurrentUser me, @RequestParam String email, Model model, HttpServletResponse response,
			RedirectAttributes flash) {
		if (isSelf(me, email)) {
			model.addAttribute("error", message("admin.users.not-yourself"));
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return usersPage(me, model);
		}
		try {
			String canonical = EmailAddress.parse(email).toString();
			this.accounts.deleteUser(canonical);
			this.rememberMe.revokeAll(canonical);
			return done(flash, "admin.users.deleted", canonical, "/admin/users");
		}
		catch (AccountException ex) {
			return refused(ex, model, response, () -> usersPage(me, model));
		}
	}

	@GetMapping("/admin/domains")
	String domains(CurrentUser me, Model model) {
		return domainsPage(me, model);
	}

	@PostMapping("/admin/domains")
	String createDomain(CurrentUser me, @RequestParam(defaultValue = "") String name, Model model,
			HttpServletResponse response, RedirectAttributes flash) {
		try {
			return done(flash, "admin.domains.created", this.accounts.createDomain(name).name(), "/admin/domains");
		}
		catch (AccountException ex) {
			model.addAttribute("newDomain", name);
			return refused(ex, model, response, () -> domainsPage(me, model));
		}
	}

	@PostMapping("/admin/domains/delete")
	String deleteDomain(CurrentUser me, @RequestParam String name, Model model, HttpServletResponse response,
			RedirectAttributes flash) {
		try {
			this.accounts.deleteDomain(name);
			return done(flash, "admin.domains.deleted", name, "/admin/domains");
		}
		catch (AccountException ex) {
			if (ex.reason() == AccountException.Reason.IN_USE) {
				model.addAttribute("error", message("admin.domains.in-use", name));
				response.setStatus(HttpStatus.CONFLICT.value());
				return domainsPage(me, model);
			}
			return refused(ex, model, response, () -> domainsPage(me, model));
		}
	}

	@GetMapping("/admin/aliases")
	String aliases(CurrentUser me, Model model) {
		return aliasesPage(me, model);
	}

	@PostMapping("/admin/aliases")
	String addAlias(CurrentUser me, @RequestParam(defaultValue = "") String localPart,
			@RequestParam(defaultValue = "") String domain, @RequestParam(defaultValue = "") String user, Model model,
			HttpServletResponse response, RedirectAttributes flash) {
		try {
			String alias = this.accounts.addAlias(localPart.strip() + "@" + domain, user).email();
			return done(flash, "admin.aliases.added", alias, "/admin/aliases");
		}
		catch (AccountException ex) {
			model.addAttribute("newLocalPart", localPart);
			model.addAttribute("newDomain", domain);
			model.addAttribute("newUser", user);
			return refused(ex, model, response, () -> aliasesPage(me, model));
		}
	}

	@PostMapping("/admin/aliases/delete")
	String removeAlias(CurrentUser me, @RequestParam String email, Model model, HttpServletResponse response,
			RedirectAttributes flash) {
		try {
			this.accounts.removeAlias(email);
			return done(flash, "admin.aliases.removed", email, "/admin/aliases");
		}
		catch (AccountException ex) {
			return refused(ex, model, response, () -> aliasesPage(me, model));
		}
	}

	private String usersPage(CurrentUser me, Model model) {
		model.addAttribute("users", this.accounts.listUsers());
		model.addAttribute("domains", this.accounts.listDomains());
		model.addAttribute("minPasswordLength", AccountService.MIN_PASSWORD_LENGTH);
		addLayout(me, model);
		model.addAttribute("section", "users");
		return "admin/users";
	}

	private String domainsPage(CurrentUser me, Model model) {
		model.addAttribute("domainList", this.accounts.listDomains());
		addLayout(me, model);
		model.addAttribute("section", "domains");
		return "admin/domains";
	}

	private String aliasesPage(CurrentUser me, Model model) {
		model.addAttribute("aliases", this.accounts.listAliases());
		model.addAttribute("users", this.accounts.listUsers());
		model.addAttribute("domains", this.accounts.listDomains());
		addLayout(me, model);
		model.addAttribute("section", "aliases");
		return "admin/aliases";
	}

	private void addLayout(CurrentUser me, Model model) {
		MailController.addSidebar(me, this.mailboxes.folderSummaries(me.id()), null, model);
	}

	private static boolean isSelf(CurrentUser me, String email) {
		try {
			return EmailAddress.parse(email).toString().equals(me.email());
		}
		catch (AccountException ex) {
			return false;
		}
	}

	private static String done(RedirectAttributes flash, String notice, String subject, String page) {
		flash.addFlashAttribute("notice", notice);
		flash.addFlashAttribute("noticeCount", subject);
		return "redirect:" + page;
	}

	/** The page again, with the service's reason for refusing. */
	private static String refused(AccountException ex, Model model, HttpServletResponse response,
			java.util.function.Supplier<String> page) {
		model.addAttribute("error", ex.getMessage());
		response.setStatus(switch (ex.reason()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND.value();
			case DUPLICATE, IN_USE -> HttpStatus.CONFLICT.value();
			case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT.value();
		});
		return page.get();
	}

	private String message(String code, Object... args) {
		Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
		return this.messages.getMessage(code, args, locale);
	}

}
