package dev.mailroom.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.authentication.rememberme.AbstractRememberMeServices;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Revokes "keep me signed in" logins, after a password change or reset, or when a user is
 * deleted (their rows have no foreign key to the user).
 */
@Component
class RememberMeLogins {

	private final PersistentTokenRepository tokens;

	RememberMeLogins(PersistentTokenRepository tokens) {
		this.tokens = tokens;
	}

	/** Every remember-me login of the user, on every browser. */
	void revokeAll(String username) {
		this.tokens.removeUserTokens(username);
	}

	/**
	 * Every remember-me login of the user except the one of this request's browser, if it
	 * has one: whoever changes their password stays signed in where they did it.
	 */
	void revokeOthers(String username, HttpServletRequest request) {
		PersistentRememberMeToken current = currentSeries(request).map(this.tokens::getTokenForSeries)
			.filter((token) -> username.equals(token.getUsername()))
			.orElse(null);
		this.tokens.removeUserTokens(username);
		if (current != null) {
			this.tokens.createNewToken(current);
		}
	}

	/**
	 * The series of the request's remember-me cookie, decoded as
	 * {@code AbstractRememberMeServices} encodes it: base64 of URL-encoded parts joined
	 * by colons, the series first.
	 */
	static Optional<String> currentSeries(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (AbstractRememberMeServices.SPRING_SECURITY_REMEMBER_ME_COOKIE_KEY.equals(cookie.getName())
					&& cookie.getValue() != null) {
				try {
					StringBuilder value = new StringBuilder(cookie.getValue());
					while (value.length() % 4 != 0) {
						value.append('=');
					}
					String decoded = new String(Base64.getDecoder().decode(value.toString()), StandardCharsets.UTF_8);
					int colon = decoded.indexOf(':');
					if (colon > 0) {
						return Optional.of(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
					}
				}
				catch (IllegalArgumentException ex) {
					// Not a cookie we wrote: there is no current login to keep.
				}
			}
		}
		return Optional.empty();
	}

}
