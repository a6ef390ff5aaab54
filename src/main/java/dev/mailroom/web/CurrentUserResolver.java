package dev.mailroom.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserSettingsService;

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
 * Finds the {@link CurrentUser} of a request once and keeps it in the request; a user
 * deleted while signed in is treated as signed out.
 */
@Component
class CurrentUserResolver implements HandlerMethodArgumentResolver {

	private static final String ATTRIBUTE = CurrentUser.class.getName();

	private final AccountService accounts;

	private final UserSettingsService settings;

	CurrentUserResolver(AccountService accounts, UserSettingsService settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == CurrentUser.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		return current(request)
			.orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("Not signed in"));
	}

	/** The signed-in user, or empty on public pages. */
	Optional<CurrentUser> current(HttpServletRequest request) {
		Object cached = (request != null) ? request.getAttribute(ATTRIBUTE) : null;
		if (cached instanceof CurrentUser user) {
			return Optional.of(user);
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		Optional<CurrentUser> user = this.accounts.findUser(authentication.getName())
			.map((account) -> new CurrentUser(account, this.settings.get(account.id())));
		if (request != null) {
			user.ifPresent((found) -> request.setAttribute(ATTRIBUTE, found));
		}
		return user;
	}

}
