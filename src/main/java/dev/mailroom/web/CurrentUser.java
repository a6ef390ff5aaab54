package dev.mailroom.web;

import java.time.ZoneId;

import dev.mailroom.account.UserAccount;
import dev.mailroom.account.UserSettings;

/**
 * The signed-in user of a request with their settings; controllers take it as a parameter
 * ({@link CurrentUserResolver}) and every query they make is scoped by {@link #id()}.
 */
record CurrentUser(UserAccount account, UserSettings settings) {

	long id() {
		return this.account.id();
	}

	String email() {
		return this.account.email();
	}

	ZoneId zone() {
		return this.settings.zoneOrUtc();
	}

}
