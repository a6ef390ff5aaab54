package dev.mailroom.api;

import java.io.IOException;

import dev.mailroom.account.ApiTokens;
import dev.mailroom.account.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Security of {@code /api/**}: stateless, a user's API token as
 * {@code Authorization: Bearer} ({@link BearerTokenFilter}) or HTTP Basic with the
 * password, no session cookie and therefore no CSRF token (a browser cannot attach either
 * credential to a cross-site request on its own). 401, 403 and a throttled login (429)
 * answer as problem details like every other API error.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	static final String REALM = "Mailroom";

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json, ApiTokens tokens) throws Exception {
		ProblemWriter problems = new ProblemWriter(json);
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(
					(auth) -> auth.requestMatchers("/api/v1/admin/**").hasRole("ADMIN").anyRequest().authenticated())
			.addFilterBefore(new BearerTokenFilter(tokens, problems), BasicAuthenticationFilter.class)
			.httpBasic((basic) -> basic.realmName(REALM)
				.authenticationEntryPoint((request, response, ex) -> problems.failed(request, response, ex)))
			.exceptionHandling(
					(ex) -> ex.authenticationEntryPoint((request, response, e) -> problems.failed(request, response, e))
						.accessDeniedHandler((request, response, e) -> problems.write(request, response,
								Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
										"This needs the administrator role"))))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.headers(Customizer.withDefaults());
		return http.build();
	}

	/** Writes the problems of the security filters, before any controller runs. */
	static final class ProblemWriter {

		private final JsonMapper json;

		ProblemWriter(JsonMapper json) {
			this.json = json;
		}

		/**
		 * No or wrong credentials: 401; too many failed logins for the address or from
		 * the client ({@link LoginThrottledException}): 429 with Retry-After.
		 */
		void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
				throws IOException {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof LoginThrottledException throttled) {
					response.setHeader("Retry-After",
							Long.toString(Math.max(1, (long) Math.ceil(throttled.retryAfter().toMillis() / 1000.0))));
					write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "login-throttled",
							"Too many failed logins", throttled.getMessage()));
					return;
				}
			}
			unauthorized(request, response, null, "Valid credentials are required");
		}

		void unauthorized(HttpServletRequest request, HttpServletResponse response, String bearerError, String detail)
				throws IOException {
			response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
			response.addHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\""
					+ ((bearerError != null) ? ", error=\"" + bearerError + "\"" : ""));
			write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
		}

		void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), problem);
		}

	}

}
