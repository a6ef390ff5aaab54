package dev.mailroom.account;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords and Spring Security's view of users. The delegating encoder stores the
 * algorithm with each hash ({@code {bcrypt}...}), so the default can change later without
 * resetting passwords.
 */
@Configuration(proxyBeanMethods = false)
class AccountSecurityConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(Authenticator authenticator) {
		return (username) -> authenticator.findUser(username)
			.map(AccountSecurityConfiguration::toUserDetails)
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

	private static org.springframework.security.core.userdetails.User toUserDetails(User user) {
		return new org.springframework.security.core.userdetails.User(user.getEmail(), user.getPasswordHash(),
				PasswordAuthenticationProvider.authorities(user.isAdmin()));
	}

}
