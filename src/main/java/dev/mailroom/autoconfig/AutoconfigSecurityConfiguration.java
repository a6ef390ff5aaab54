package dev.mailroom.autoconfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Autoconfiguration is asked for before the client has any credentials: open to anyone,
 * without sessions, and without CSRF tokens (Outlook POSTs its request from outside any
 * page of ours, and nothing here changes state).
 */
@Configuration(proxyBeanMethods = false)
class AutoconfigSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain autoconfigSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/.well-known/autoconfig/**", "/mail/config-v1.1.xml", "/autodiscover/**",
				"/Autodiscover/**")
			.authorizeHttpRequests((auth) -> auth.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.headers(Customizer.withDefaults());
		return http.build();
	}

}
