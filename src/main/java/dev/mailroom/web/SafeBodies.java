package dev.mailroom.web;

import java.util.Set;
import java.util.function.Function;

import dev.mailroom.mime.HtmlSanitizer;
import dev.mailroom.mime.PlainTextHtml;
import dev.mailroom.mime.RemoteImages;
import dev.mailroom.mime.SafeHtml;

import org.springframework.stereotype.Component;

/**
 * Turns a message body into a document that is safe to show in the message page's
 * sandboxed iframe: HTML through the allow-list sanitiser (remote images blocked unless
 * allowed, {@code cid:} images pointed at our own part URLs), plain text escaped with its
 * links made clickable. The document is served with {@link HtmlSanitizer#cspForBody},
 * which allows no script at all, so even a sanitiser bug could not run one.
 */
@Component
class SafeBodies {

	/** Image types shown inline; anything else is only ever downloaded. */
	static final Set<String> INLINE_IMAGE_TYPES = Set.of("image/png", "image/gif", "image/jpeg", "image/webp");

	record Rendered(String document, String policy, boolean remoteImagesBlocked) {
	}

	Rendered render(MessageContent.Display display, boolean allowImages, Function<String, String> cidUrl) {
		SafeHtml body;
		if (display.body() == null || display.body().text() == null) {
			body = PlainTextHtml.toHtml("");
		}
		else if (display.isHtml()) {
			body = HtmlSanitizer.sanitize(display.body().text(), RemoteImages.allowedIf(allowImages), cidUrl);
		}
		else {
			body = PlainTextHtml.toHtml(display.body().text());
		}
		return new Rendered(HtmlSanitizer.document(body), HtmlSanitizer.cspForBody(allowImages),
				body.remoteImagesBlocked());
	}

}
