package dev.mailroom.account;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Form login and HTTP Basic through the same {@link Authenticator} as the mail protocols,
 * so aliases log in and failed attempts count against the same throttle. The principal is
 * a Spring Security user named by the canonical address, as the remember-me lookup makes
 * it too.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

	private final Authenticator authenticator;

	PasswordAuthenticationProvider(Authenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String client = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Object credentials = authentication.getCredentials();
		UserAccount user;
		try {
			user = this.authenticator
				.authenticate(authentication.getName(), (credentials != null) ? credentials.toString() : null, client)
				.orElseThrow(() -> new BadCredentialsException("Wrong address or password"));
		}
		catch (LoginThrottledException ex) {
			throw new LockedException(ex.getMessage(), ex);
		}
		List<GrantedAuthority> authorities = authorities(user.admin());
		User principal = new User(user.email(), "", authorities);
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(principal, null,
				authorities);
		result.setDetails(authentication.getDetails());
		return result;
	}

	static List<GrantedAuthority> authorities(boolean admin) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
		if (admin) {
			authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		return authorities;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
