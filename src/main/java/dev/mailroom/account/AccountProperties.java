package dev.mailroom.account;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account settings.
 *
 * @param domains local domains created at start-up (more can be added at run time)
 * @param admin the first administrator, created on a start that finds none
 */
@ConfigurationProperties("mailroom")
record AccountProperties(@DefaultValue("localhost") List<String> domains, @DefaultValue Admin admin) {

	/**
	 * @param email address of the first administrator; when blank,
	 * {@code admin@<first domain>}
	 * @param password password of the first administrator; when blank, a random one is
	 * printed once in the log
	 */
	record Admin(String email, String password) {
	}

}
