package dev.mailroom.api;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Security of {@code /api/**}: stateless, HTTP Basic, no session cookie and therefore no
 * CSRF token (a browser cannot attach Basic credentials to a cross-site request without
 * the user typing them). 401 and 403 answer as problem details like every other API
 * error.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	static final String REALM = "Mailroom";

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(
					(auth) -> auth.requestMatchers("/api/v1/admin/**").hasRole("ADMIN").anyRequest().authenticated())
			.httpBasic((basic) -> basic.realmName(REALM)
				.authenticationEntryPoint((request, response, ex) -> unauthorized(json, request, response)))
			.exceptionHandling(
					(ex) -> ex.authenticationEntryPoint((request, response, e) -> unauthorized(json, request, response))
						.accessDeniedHandler((request, response, e) -> write(json, request, response,
								Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
										"This needs the administrator role"))))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.headers(Customizer.withDefaults());
		return http.build();
	}

	private static void unauthorized(JsonMapper json, HttpServletRequest request, HttpServletResponse response)
			throws java.io.IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
		write(json, request, response,
				Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "Valid credentials are required"));
	}

	private static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
			ProblemDetail problem) throws java.io.IOException {
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
