package dev.mailroom.api;

import java.net.URI;
import java.util.List;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.AliasView;
import dev.mailroom.account.DomainView;
import dev.mailroom.account.UserAccount;
import dev.mailroom.delivery.DkimKeys;
import dev.mailroom.delivery.DkimRecord;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API: users, domains and aliases. Requires the administrator role. */
@RestController
@io.swagger.v3.oas.annotations.tags.Tag(name = "Admin", description = "Users, domains and aliases; administrators only")
@RequestMapping("/api/v1/admin")
class AdminController {

	private final AccountService accounts;

	private final DkimKeys dkim;

	AdminController(AccountService accounts, DkimKeys dkim) {
		this.accounts = accounts;
		this.dkim = dkim;
	}

	record NewUser(String email, String password, String displayName, Boolean admin) {
	}

	record NewPassword(String password) {
	}

	record NewDomain(String name) {
	}

	record NewAlias(String email, String user) {
	}

	@GetMapping("/users")
	List<UserAccount> users() {
		return this.accounts.listUsers();
	}

	@PostMapping("/users")
	ResponseEntity<UserAccount> createUser(@RequestBody NewUser body) {
		UserAccount user = this.accounts.createUser(body.email(), body.password(), body.displayName(),
				Boolean.TRUE.equals(body.admin()));
		return ResponseEntity.created(URI.create("/api/v1/admin/users/" + user.email())).body(user);
	}

	@GetMapping("/users/{email}")
	UserAccount user(@PathVariable String email) {
		return this.accounts.findUser(email)
			.orElseThrow(() -> new AccountException(AccountException.Reason.NOT_FOUND, "No user " + email));
	}

	@DeleteMapping("/users/{email}")
	ResponseEntity<Void> deleteUser(@PathVariable String email) {
		this.accounts.deleteUser(email);
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/users/{email}/password")
	ResponseEntity<Void> setPassword(@PathVariable String email, @RequestBody NewPassword body) {
		this.accounts.setPassword(email, body.password());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/domains")
	List<DomainView> domains() {
		return this.accounts.listDomains();
	}

	@PostMapping("/domains")
	ResponseEntity<DomainView> createDomain(@RequestBody NewDomain body) {
		DomainView domain = this.accounts.createDomain(body.name());
		return ResponseEntity.created(URI.create("/api/v1/admin/domains/" + domain.name())).body(domain);
	}

	/**
	 * The DNS TXT record to publish so receivers can check Mailroom's DKIM signatures.
	 */
	@GetMapping("/domains/{name}/dkim")
	DkimRecord dkim(@PathVariable String name) {
		if (!this.accounts.isLocalDomain(name)) {
			throw new AccountException(AccountException.Reason.NOT_FOUND, "No domain " + name);
		}
		return this.dkim.record(dev.mailroom.account.EmailAddress.normalizeDomain(name));
	}

	@DeleteMapping("/domains/{name}")
	ResponseEntity<Void> deleteDomain(@PathVariable String name) {
		this.accounts.deleteDomain(name);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/aliases")
	List<AliasView> aliases() {
		return this.accounts.listAliases();
	}

	@PostMapping("/aliases")
	ResponseEntity<AliasView> addAlias(@RequestBody NewAlias body) {
		AliasView alias = this.accounts.addAlias(body.email(), body.user());
		return ResponseEntity.created(URI.create("/api/v1/admin/aliases/" + alias.email())).body(alias);
	}

	@DeleteMapping("/aliases/{email}")
	ResponseEntity<Void> removeAlias(@PathVariable String email) {
		this.accounts.removeAlias(email);
		return ResponseEntity.noContent().build();
	}

}
