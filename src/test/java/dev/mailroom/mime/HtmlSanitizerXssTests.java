package dev.mailroom.mime;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailroom.mime.XssCorpus.Payload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload of {@code src/test/resources/xss/payloads.txt} through
 * {@link HtmlSanitizer}: the output is checked as a string and, parsed again by jsoup,
 * element by element and attribute by attribute against the allow-list written out here
 * (independently of the sanitiser's own).
 */
class HtmlSanitizerXssTests {

	private static final String ATTACKER = "attacker.example";

	private static final Set<String> ELEMENTS = Set.of("p", "div", "span", "br", "b", "i", "u", "s", "strike", "strong",
			"em", "font", "small", "big", "sub", "sup", "tt", "code", "kbd", "samp", "var", "pre", "blockquote", "q",
			"cite", "abbr", "mark", "del", "ins", "address", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul",
			"ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td",
			"th", "img", "a", "wbr", "section", "article", "header", "footer", "figure", "figcaption");

	private static final Set<String> GLOBAL_ATTRIBUTES = Set.of("style", "title", "dir", "lang");

	private static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
			Map.entry("a", Set.of("href", "target", "rel")),
			Map.entry("img", Set.of("src", "alt", "width", "height", "border", "align", "valign")),
			Map.entry("table", Set.of("width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "align")),
			Map.entry("td", Set.of("width", "height", "colspan", "rowspan", "bgcolor", "align", "valign")),
			Map.entry("th", Set.of("width", "height", "colspan", "rowspan", "bgcolor", "align", "valign")),
			Map.entry("tr", Set.of("height", "bgcolor", "align", "valign")),
			Map.entry("font", Set.of("color", "face", "size")),
			Map.entry("hr", Set.of("color", "size", "width", "align")), Map.entry("ol", Set.of("start", "type")),
			Map.entry("ul", Set.of("type")), Map.entry("li", Set.of("value", "type")),
			Map.entry("col", Set.of("span", "width", "align", "valign")),
			Map.entry("colgroup", Set.of("span", "width", "align", "valign")));

	private static final Set<String> ALIGNED = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption",
			"thead", "tbody", "tfoot");

	private static final Pattern DATA_IMAGE = Pattern
		.compile("data:image/(png|gif|jpeg|jpg|webp);base64,[A-Za-z0-9+/=]+");

	private static final Pattern EVENT_HANDLER = Pattern.compile("<[^>]*[\\s/\"']on[a-z]+\\s*=");

	private static final List<String> FORBIDDEN_TEXT = List.of("<script", "<svg", "<math", "<base", "<meta", "<link",
			"<style", "<iframe", "<frame", "<object", "<embed", "<form", "<input", "<button", "<textarea", "<select",
			"<template", "<video", "<audio", "<source", "<picture", "<details", "<marquee", "<title", "<noscript",
			"<body", "<html", "javascript:", "vbscript:", "data:text", "expression(", "@import", "-moz-binding",
			"behavior:", "<![cdata[", "<!--", "<?");

	static List<Payload> payloads() {
		return XssCorpus.payloads();
	}

	@Test
	void corpusHasAtLeastSixtyNamedAndSourcedPayloads() {
		List<Payload> payloads = payloads();
		assertThat(payloads).hasSizeGreaterThanOrEqualTo(60);
		assertThat(payloads).allSatisfy((payload) -> {
			assertThat(payload.kind()).as(payload.name()).isNotBlank();
			assertThat(payload.source()).as(payload.name()).isNotBlank();
			assertThat(payload.html()).as(payload.name()).isNotBlank();
		});
		assertThat(payloads.stream().map(Payload::name).distinct()).hasSameSizeAs(payloads);
		assertThat(XssCorpus.hostileStrings()).hasSizeGreaterThanOrEqualTo(30);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void remoteImagesBlocked(Payload payload) {
		SafeHtml safe = HtmlSanitizer.sanitize(payload.html(), RemoteImages.BLOCK, HtmlSanitizerXssTests::inline);
		assertSafe(safe.html(), false);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void remoteImagesAllowed(Payload payload) {
		SafeHtml safe = HtmlSanitizer.sanitize(payload.html(), RemoteImages.ALLOW, HtmlSanitizerXssTests::inline);
		assertSafe(safe.html(), true);
		assertThat(safe.remoteImagesBlocked()).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void sanitisingTwiceChangesNothing(Payload payload) {
		String once = HtmlSanitizer.sanitize(payload.html()).html();
		// The renderer adds a space after an attribute value with a backtick (an old IE
		// quirk), on every pass.
		assertThat(HtmlSanitizer.sanitize(once).html().replaceAll(" +\"", "\""))
			.isEqualTo(once.replaceAll(" +\"", "\""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void asPlainTextOnlyLinksAndQuotesAreMarkup(Payload payload) {
		assertPlainTextHtml(PlainTextHtml.toHtml(payload.html()).html());
	}

	@Test
	void hostileSubjectsAndFileNamesAsPlainTextAreEscaped() {
		for (String hostile : XssCorpus.hostileStrings()) {
			String html = PlainTextHtml.toHtml(hostile).html();
			assertPlainTextHtml(html);
			assertThat(Jsoup.parseBodyFragment(html).body().wholeText()).as(hostile)
				.isEqualTo(hostile.replace('\u0000', '\ufffd').replace("\r\n", "\n").replace('\r', '\n'));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void inTheDocumentNothingButTheWrapperIsAdded(Payload payload) {
		SafeHtml safe = HtmlSanitizer.sanitize(payload.html(), RemoteImages.BLOCK, HtmlSanitizerXssTests::inline);
		String document = HtmlSanitizer.document(safe);
		org.jsoup.nodes.Document parsed = Jsoup.parse(document);
		assertThat(parsed.select("script, iframe, object, embed, svg, math, form, link")).isEmpty();
		assertThat(parsed.select("meta")).hasSize(2);
		assertThat(parsed.select("base")).singleElement().satisfies((base) -> {
			assertThat(base.attributes().asList()).extracting(Attribute::getKey).containsExactly("target");
		});
		assertThat(parsed.select("style")).singleElement()
			.satisfies((style) -> assertThat(style.parent().normalName()).isEqualTo("head"));
		assertThat(parsed.body().html().replaceAll("\\s+", ""))
			.isEqualTo(Jsoup.parseBodyFragment(safe.html()).body().html().replaceAll("\\s+", ""));
	}

	private static String inline(String contentId) {
		return "/inline/" + contentId;
	}

	private static void assertSafe(String html, boolean remoteAllowed) {
		String lower = html.toLowerCase(Locale.ROOT);
		for (String forbidden : FORBIDDEN_TEXT) {
			assertThat(lower).as("output %s", html).doesNotContain(forbidden);
		}
		assertThat(EVENT_HANDLER.matcher(lower).find()).as("event handler in %s", html).isFalse();
		Element body = Jsoup.parseBodyFragment(html).body();
		for (Element element : body.getAllElements()) {
			if (element == body) {
				assertThat(element.attributes().size()).isZero();
				continue;
			}
			String name = element.normalName();
			assertThat(ELEMENTS).as("element in %s", html).contains(name);
			for (Attribute attribute : element.attributes()) {
				assertAttribute(name, attribute.getKey(), attribute.getValue(), remoteAllowed, html);
			}
			if (name.equals("a")) {
				assertThat(element.attr("target")).isEqualTo("_blank");
				assertThat(element.attr("rel").split(" ")).contains("noopener", "noreferrer", "nofollow");
			}
		}
	}

	private static void assertAttribute(String element, String name, String value, boolean remoteAllowed, String html) {
		Set<String> allowed = new HashSet<>(GLOBAL_ATTRIBUTES);
		allowed.addAll(ATTRIBUTES.getOrDefault(element, Set.of()));
		if (ALIGNED.contains(element)) {
			allowed.add("align");
		}
		if (Set.of("thead", "tbody", "tfoot").contains(element)) {
			allowed.add("valign");
		}
		assertThat(allowed).as("attribute %s of %s in %s", name, element, html).contains(name);
		String squeezed = value.toLowerCase(Locale.ROOT).replaceAll("[\\s\\x00-\\x1f]", "");
		assertThat(squeezed).as("%s of %s in %s", name, element, html)
			.doesNotContain("javascript:", "vbscript:", "data:text", "expression", "url(", "import", "behavior",
					"binding");
		switch (name) {
			case "href" -> assertThat(value).as(html).matches("(?i)(https?://|mailto:).+");
			case "src" -> {
				boolean remote = value.matches("(?i)https?://.+");
				assertThat(value.startsWith("/inline/") || DATA_IMAGE.matcher(value).matches()
						|| (remoteAllowed && remote))
					.as("src %s in %s", value, html)
					.isTrue();
			}
			case "style" -> assertThat(squeezed).as(html).doesNotContain("position", "z-index", "@", "\\");
			default -> {
			}
		}
		boolean link = element.equals("a") && name.equals("href");
		boolean text = name.equals("title") || name.equals("alt");
		if (!remoteAllowed && !link && !text) {
			assertThat(value).as("%s of %s in %s", name, element, html).doesNotContainIgnoringCase(ATTACKER);
		}
	}

	private static void assertPlainTextHtml(String html) {
		String lower = html.toLowerCase(Locale.ROOT);
		assertThat(EVENT_HANDLER.matcher(lower).find()).as(html).isFalse();
		Element body = Jsoup.parseBodyFragment(html).body();
		for (Element element : body.select("*")) {
			if (element == body) {
				continue;
			}
			assertThat(element.normalName()).as(html).isIn("div", "a", "blockquote");
			if (element.normalName().equals("a")) {
				assertThat(element.attr("href")).as(html).matches("(?i)(https?://|mailto:).+");
				assertThat(element.attributes().asList()).extracting(Attribute::getKey)
					.containsExactly("href", "target", "rel");
			}
			else if (element.normalName().equals("div")) {
				assertThat(element.attributes().asList()).extracting(Attribute::getKey)
					.containsExactly("class", "style");
			}
			else {
				assertThat(element.attributes().size()).isZero();
			}
		}
	}

}
