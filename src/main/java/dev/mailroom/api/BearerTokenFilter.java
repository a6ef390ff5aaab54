package dev.mailroom.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailroom.account.ApiTokens;
import dev.mailroom.account.UserAccount;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer mr_...}: a user's API token ({@link ApiTokens}). A request
 * with a token that does not work is answered 401 at once, never passed on as anonymous.
 * Requests without a bearer token go on to HTTP Basic.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String SCHEME = "bearer ";

	private final ApiTokens tokens;

	private final ApiSecurityConfiguration.ProblemWriter problems;

	BearerTokenFilter(ApiTokens tokens, ApiSecurityConfiguration.ProblemWriter problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || header.length() < SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			chain.doFilter(request, response);
			return;
		}
		Optional<UserAccount> user = this.tokens.authenticate(header.substring(SCHEME.length()).strip());
		if (user.isEmpty()) {
			this.problems.unauthorized(request, response, "invalid_token",
					"The bearer token is not a working API token");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new TokenAuthentication(user.get()));
		SecurityContextHolder.setContext(context);
		ApiUser.remember(request, user.get());
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** A request authenticated with an API token. */
	static final class TokenAuthentication extends AbstractAuthenticationToken {

		private final UserAccount user;

		TokenAuthentication(UserAccount user) {
			super(authorities(user.admin()));
			this.user = user;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return null;
		}

		@Override
		public Object getPrincipal() {
			return this.user.email();
		}

		@Override
		public String getName() {
			return this.user.email();
		}

		UserAccount user() {
			return this.user;
		}

		private static List<GrantedAuthority> authorities(boolean admin) {
			List<GrantedAuthority> authorities = new ArrayList<>();
			authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
			if (admin) {
				authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
			}
			return authorities;
		}

	}

}
