package dev.mailroom.api;

import java.util.Optional;

import dev.mailroom.account.AccountService;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Finds the {@link ApiUser} of a request: the token's user (already known to
 * {@link BearerTokenFilter}), or the Basic user by address.
 */
@Component
class ApiUserResolver implements HandlerMethodArgumentResolver {

	private final AccountService accounts;

	ApiUserResolver(AccountService accounts) {
		this.accounts = accounts;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == ApiUser.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		return current(webRequest.getNativeRequest(HttpServletRequest.class))
			.orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("Not signed in"));
	}

	Optional<ApiUser> current(HttpServletRequest request) {
		if (request.getAttribute(ApiUser.ATTRIBUTE) instanceof ApiUser user) {
			return Optional.of(user);
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		Optional<ApiUser> user = this.accounts.findUser(authentication.getName())
			.map((account) -> new ApiUser(account, authentication instanceof BearerTokenFilter.TokenAuthentication));
		user.ifPresent((found) -> request.setAttribute(ApiUser.ATTRIBUTE, found));
		return user;
	}

}
