package dev.mailroom.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Makes sure the configured domains and a first administrator exist before any listener
 * accepts mail or logins. Runs after Flyway (the repositories depend on it) and before
 * the lifecycle phase that starts the servers.
 */
@Component
class AccountBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);

	private final AccountProperties properties;

	private final AccountService accounts;

	AccountBootstrap(AccountProperties properties, AccountService accounts) {
		this.properties = properties;
		this.accounts = accounts;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> configured = this.properties.domains().stream().filter(StringUtils::hasText).toList();
		if (configured.isEmpty()) {
			throw new IllegalStateException("mailroom.domains must name at least one local domain");
		}
		configured.forEach(this::ensureDomain);
		if (!this.accounts.hasAdmin()) {
			createFirstAdmin(EmailAddress.normalizeDomain(configured.get(0)));
		}
	}

	private void ensureDomain(String name) {
		if (!this.accounts.isLocalDomain(name)) {
			this.accounts.createDomain(name);
			log.info("Added local domain {}", EmailAddress.normalizeDomain(name));
		}
	}

	private void createFirstAdmin(String firstDomain) {
		AccountProperties.Admin admin = this.properties.admin();
		String email = (admin != null && StringUtils.hasText(admin.email())) ? admin.email() : "admin@" + firstDomain;
		ensureDomain(EmailAddress.parse(email).domain());
		boolean generated = admin == null || !StringUtils.hasText(admin.password());
		String password = generated ? randomPassword() : admin.password();
		this.accounts.createUser(email, password, "Administrator", true);
		if (generated) {
			log.warn(
					"Created administrator {} with password {} (shown once; change it, or set "
							+ "MAILROOM_ADMIN_EMAIL and MAILROOM_ADMIN_PASSWORD before the first start)",
					email, password);
		}
		else {
			log.info("Created administrator {} from MAILROOM_ADMIN_EMAIL/MAILROOM_ADMIN_PASSWORD", email);
		}
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
