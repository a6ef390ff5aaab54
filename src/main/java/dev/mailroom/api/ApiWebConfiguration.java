package dev.mailroom.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API's request plumbing: {@link ApiUser} parameters, and the rate limit on every
 * authenticated call under {@code /api/}.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

	private final ApiUserResolver users;

	private final RateLimiter limiter;

	ApiWebConfiguration(ApiUserResolver users, RateLimiter limiter) {
		this.users = users;
		this.limiter = limiter;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this.users);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new RateLimitInterceptor()).addPathPatterns("/api/**");
	}

	private final class RateLimitInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			ApiUser user = ApiWebConfiguration.this.users.current(request).orElse(null);
			if (user == null) {
				return true;
			}
			RateLimiter.Decision decision = ApiWebConfiguration.this.limiter.acquire(user.id());
			response.setHeader("RateLimit-Limit", Integer.toString(decision.limit()));
			response.setHeader("RateLimit-Remaining", Integer.toString(decision.remaining()));
			response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
			if (!decision.allowed()) {
				HttpHeaders headers = new HttpHeaders();
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
				throw new ApiProblem(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
						"More than " + decision.limit() + " requests a minute; try again in "
								+ decision.retryAfterSeconds() + " s (mailroom.api.rate-limit)"),
						headers);
			}
			return true;
		}

	}

}
