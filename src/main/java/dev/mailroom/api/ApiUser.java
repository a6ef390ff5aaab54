package dev.mailroom.api;

import dev.mailroom.account.UserAccount;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller of an API request, as controllers take it: every query they make is scoped
 * by {@link #id()}. Resolved once per request ({@link ApiUserResolver}).
 *
 * @param viaToken whether the request came with an API token rather than the password
 */
record ApiUser(UserAccount account, boolean viaToken) {

	static final String ATTRIBUTE = ApiUser.class.getName();

	long id() {
		return this.account.id();
	}

	String email() {
		return this.account.email();
	}

	static void remember(HttpServletRequest request, UserAccount account) {
		request.setAttribute(ATTRIBUTE, new ApiUser(account, true));
	}

}
