package dev.mailroom.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The current user as a controller parameter, and the page language: the user's choice in
 * the settings, else what the browser's Accept-Language prefers of English and Korean.
 */
@Configuration(proxyBeanMethods = false)
class WebMvcConfiguration implements WebMvcConfigurer {

	static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.KOREAN);

	private final CurrentUserResolver currentUser;

	WebMvcConfiguration(CurrentUserResolver currentUser) {
		this.currentUser = currentUser;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this.currentUser);
	}

	@Bean
	LocaleResolver localeResolver(CurrentUserResolver users) {
		AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();
		browser.setSupportedLocales(LANGUAGES);
		browser.setDefaultLocale(Locale.ENGLISH);
		return new LocaleResolver() {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				return users.current(request)
					.map((user) -> user.settings().language())
					.map(Locale::forLanguageTag)
					.orElseGet(() -> browser.resolveLocale(request));
			}

			@Override
			public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
				throw new UnsupportedOperationException("The language is chosen in the settings");
			}

		};
	}

}
