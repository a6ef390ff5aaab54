package dev.mailroom.web;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Security of everything outside {@code /api/**}: the webmail's form login with
 * remember-me (tokens in the database, so they survive restarts and can be revoked), CSRF
 * tokens on every form, and headers that keep pages and hostile mail in their place: a
 * Content-Security-Policy with no inline scripts and no foreign origins, framing only by
 * ourselves (the message body is shown in a sandboxed iframe of our own), and no
 * referrer, so a link clicked in a message does not leak the mailbox URL.
 *
 * <p>
 * Health (for Docker's HEALTHCHECK and load balancers) and Prometheus metrics (for the
 * scraper) are open; put {@code management.server.port} on an internal port to hide them
 * from the internet.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	/** The policy of every page; message bodies get a stricter one of their own. */
	static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'self'";

	@Bean
	@Order(10)
	SecurityFilterChain webSecurity(HttpSecurity http, UserDetailsService users, PersistentTokenRepository tokens,
			WebProperties properties) throws Exception {
		http.authorizeHttpRequests((auth) -> auth
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
			.permitAll()
			.requestMatchers("/error", "/login", "/signup", "/assets/**", "/favicon.ico", "/.well-known/autoconfig/**",
					"/autodiscover/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/mail", false).permitAll())
			.rememberMe((remember) -> remember.tokenRepository(tokens)
				.userDetailsService(users)
				.rememberMeParameter("remember-me")
				.tokenValiditySeconds((int) properties.rememberMe().toSeconds()))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(PAGE_POLICY))
				.frameOptions((frame) -> frame.sameOrigin())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	@Bean
	PersistentTokenRepository rememberMeTokens(DataSource dataSource) {
		JdbcTokenRepositoryImpl repository = new JdbcTokenRepositoryImpl();
		repository.setDataSource(dataSource);
		return repository;
	}

}
