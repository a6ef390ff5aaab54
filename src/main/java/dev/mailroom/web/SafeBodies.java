package dev.mailroom.web;

import java.util.Set;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Turns a message body into a document that is safe to show in the message page's
 * sandboxed iframe.
 */
@Component
class SafeBodies {

	/** Image types shown inline; anything else is only ever downloaded. */
	static final Set<String> INLINE_IMAGE_TYPES = Set.of("image/png", "image/gif", "image/jpeg", "image/webp");

	record Rendered(String document, String policy, boolean remoteImagesBlocked) {
	}

	Rendered render(MessageContent.Display display, boolean allowImages, Function<String, String> cidUrl) {
		String text = (display.body() != null && display.body().text() != null) ? display.body().text() : "";
		String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><pre style=\"white-space:pre-wrap\">"
				+ HtmlUtils.htmlEscape(text) + "</pre></body></html>";
		return new Rendered(html, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:", false);
	}

}
