package dev.mailroom.account;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Recipient lookups are cached for SMTP, but changes made here show at once. */
@SpringBootTest
class RecipientLookupTests {

	@Autowired
	AccountService accounts;

	@Test
	void seesNewAndRemovedAliasesAtOnce() {
		UserAccount user = this.accounts.createUser("lookup@localhost", "lookup-password", null, false);
		assertThat(this.accounts.resolveRecipient("orders@example.test")).isEmpty();

		this.accounts.addAlias("orders@example.test", "lookup@localhost");
		assertThat(this.accounts.resolveRecipient("Orders@Example.Test")).contains(user);

		this.accounts.removeAlias("orders@example.test");
		assertThat(this.accounts.resolveRecipient("orders@example.test")).isEmpty();
	}

	@Test
	void seesDeletedUsersAtOnce() {
		this.accounts.createUser("leaving@localhost", "leaving-password", null, false);
		assertThat(this.accounts.resolveRecipient("leaving@localhost")).isPresent();

		this.accounts.deleteUser("leaving@localhost");

		assertThat(this.accounts.resolveRecipient("leaving@localhost")).isEmpty();
	}

	@Test
	void routesPostmasterOfEveryLocalDomainToTheFirstAdministrator() {
		assertThat(this.accounts.resolveRecipient("postmaster@example.test"))
			.hasValueSatisfying((admin) -> assertThat(admin.email()).isEqualTo("admin@localhost"));
		assertThat(this.accounts.resolveRecipient("postmaster@elsewhere.test")).isEmpty();
	}

	@Test
	void knowsLocalDomainsIncludingNewOnes() {
		assertThat(this.accounts.isLocalDomain("EXAMPLE.test")).isTrue();
		assertThat(this.accounts.isLocalDomain("fresh.test")).isFalse();

		this.accounts.createDomain("fresh.test");

		assertThat(this.accounts.isLocalDomain("fresh.test")).isTrue();
	}

}
