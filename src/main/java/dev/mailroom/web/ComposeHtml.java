package dev.mailroom.web;

import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * HTML from the compose page's editor, made fit to send. It is the user's own text and
 * the recipient's client sanitises what it shows, so formatting is left as written; what
 * could run is taken out all the same: scripts and other active elements, event handler
 * attributes, and {@code javascript:} (or {@code vbscript:}, {@code data:} other than
 * images) in links and sources.
 */
final class ComposeHtml {

	private static final String ACTIVE = "script, noscript, iframe, frame, frameset, object, embed, applet, base, meta, link, form, input, button, textarea, select, svg, math";

	private ComposeHtml() {
	}

	/** The body's inner HTML, cleaned; empty when nothing is left. */
	static String clean(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		Document document = Jsoup.parseBodyFragment(html);
		document.body().select(ACTIVE).remove();
		for (Element element : document.body().getAllElements()) {
			for (Attribute attribute : element.attributes().asList()) {
				String name = attribute.getKey().toLowerCase(Locale.ROOT);
				if (name.startsWith("on") || name.equals("formaction") || name.equals("srcdoc")
						|| (isUrl(name) && dangerous(attribute.getValue()))) {
					element.removeAttr(attribute.getKey());
				}
			}
		}
		document.outputSettings().prettyPrint(false);
		return document.body().html();
	}

	private static boolean isUrl(String name) {
		return name.equals("href") || name.equals("src") || name.equals("action") || name.equals("background")
				|| name.equals("xlink:href") || name.equals("poster") || name.equals("dynsrc") || name.equals("lowsrc")
				|| name.equals("style");
	}

	/**
	 * A URL a browser would run, however it is disguised: whitespace and control
	 * characters anywhere, any case. For {@code style}, any {@code expression(} or
	 * {@code javascript:} inside.
	 */
	private static boolean dangerous(String value) {
		String squeezed = value.replaceAll("[\\s\\p{Cntrl}]", "").toLowerCase(Locale.ROOT);
		return squeezed.contains("javascript:") || squeezed.contains("vbscript:") || squeezed.contains("expression(")
				|| (squeezed.startsWith("data:") && !squeezed.startsWith("data:image/"));
	}

}
