package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.owasp.html.AttributePolicy;
import org.owasp.html.CssSchema;
import org.owasp.html.Handler;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlStreamEventReceiver;
import org.owasp.html.HtmlStreamRenderer;
import org.owasp.html.PolicyFactory;

/**
 * Makes the HTML body of a received message safe to show, with the OWASP Java HTML
 * Sanitizer (an allow-list: anything not named here is dropped, its text kept unless it
 * is the content of {@code script}, {@code style}, {@code title}, {@code noscript},
 * {@code iframe} or {@code object}).
 *
 * <p>
 * Design decisions (docs/decisions.md, "safe display of HTML mail"):
 * <ul>
 * <li><b>Elements:</b> formatting only:
 * {@code p div span br b i u s strike strong em font
 * small big sub sup tt code kbd samp var pre blockquote q cite abbr mark del ins address
 * center h1-h6 hr ul ol li dl dt dd table caption colgroup col thead tbody tfoot tr td th
 * img a wbr section article header footer figure figcaption}. Never {@code script},
 * {@code style}, {@code link}, {@code meta}, {@code base}, forms and their controls,
 * {@code iframe}, {@code frame}, {@code object}, {@code embed}, {@code svg},
 * {@code math}, {@code template} or any element that loads something other than an image.
 * {@code <style>} blocks are dropped rather than filtered: their selectors can reach
 * outside the message and the OWASP sanitizer has no style sheet filter. Mail that relies
 * on them loses some layout; inlining them is later work.</li>
 * <li><b>Attributes:</b> only presentational ones ({@code align valign width height
 * colspan rowspan border cellpadding cellspacing bgcolor color face size dir lang title
 * alt start type span}), each checked against a pattern, and {@code style}. No
 * {@code id}, {@code class} or {@code name} (nothing could use them), no event handlers,
 * no {@code background} (a remote image no style filter sees), no {@code srcset}, no
 * {@code cite}/{@code longdesc}/{@code action}/{@code formaction}.</li>
 * <li><b>CSS:</b> the OWASP default schema (colours, fonts, text, borders, margins,
 * padding, sizes, backgrounds without images) plus {@code display} and {@code float},
 * which mail layouts need ({@code display:none} hides preheader text). Nothing that
 * positions ({@code position}, {@code top}, {@code z-index}...), so a message cannot lay
 * an overlay over its own text; no {@code url()} at all (remote loads, including cid
 * backgrounds), no {@code expression()}, {@code behavior}, {@code -moz-binding} or
 * {@code @import}: unknown properties and functions are dropped.</li>
 * <li><b>Links:</b> only absolute {@code http:}, {@code https:} and {@code mailto:} URLs.
 * Relative links are dropped because they would resolve against the webmail (a link or
 * image to {@code /logout} is a forged request). Every link gets
 * {@code target="_blank" rel="noopener noreferrer nofollow"}; a link without an allowed
 * URL loses its tag and keeps its text.</li>
 * <li><b>Images:</b> {@code cid:} sources (inline parts of the message) are rewritten
 * through the caller's function to a URL of the webmail. {@code data:} sources are kept
 * only for base64 {@code image/png}, {@code gif}, {@code jpeg} and {@code webp}: they
 * load nothing from anywhere and these formats cannot carry script (SVG can, and is
 * dropped); some clients (Apple Mail, pasted screenshots) send signatures that way.
 * Remote {@code http(s):} sources are removed unless {@link RemoteImages#ALLOW}, and
 * {@link SafeHtml#remoteImagesBlocked()} then says so; the {@code img} stays with its
 * {@code alt}, {@code width} and {@code height}, so the layout holds. A protocol-relative
 * {@code //host/x} source counts as {@code https:}.</li>
 * <li><b>Structure:</b> the output is balanced, re-serialised HTML; elements nested more
 * than 256 deep are dropped with their text (the library's limit; browsers stop at
 * 512).</li>
 * <li><b>Where it is shown:</b> the sanitiser is one layer. The webmail shows the result
 * as {@link #document(SafeHtml)} in an {@code <iframe sandbox>} served with
 * {@link #cspForBody(boolean)}: no script can run there even if a payload got through,
 * and with remote images blocked the policy forbids loading them as well.</li>
 * </ul>
 */
public final class HtmlSanitizer {

	private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");

	private static final Pattern LENGTH = Pattern.compile("\\d{1,5}(\\.\\d{1,3})?(%|px)?");

	private static final Pattern COLOR = Pattern.compile("#?[0-9A-Fa-f]{3,8}|[A-Za-z]{1,30}");

	private static final Pattern ALIGN = Pattern.compile("(?i)left|right|center|justify|middle|top|bottom");

	private static final Pattern VALIGN = Pattern.compile("(?i)top|middle|bottom|baseline");

	private static final Pattern DIR = Pattern.compile("(?i)ltr|rtl|auto");

	private static final Pattern LANG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}");

	private static final Pattern FONT_FACE = Pattern.compile("[\\p{L}\\p{N} ,'._\\-]{1,200}");

	private static final Pattern FONT_SIZE = Pattern.compile("[+-]?[1-7]");

	private static final Pattern LIST_TYPE = Pattern.compile("[1aAiI]|(?i)disc|circle|square");

	private static final Pattern DATA_IMAGE = Pattern
		.compile("(?i)data:image/(png|gif|jpeg|jpg|webp);base64,[A-Za-z0-9+/]+={0,2}");

	/** Whitespace in data URLs (line-wrapped base64), as the URL filter encodes it. */
	private static final Pattern ENCODED_SPACE = Pattern.compile("%(0[9aAdD]|20)");

	private static final String LINK_RELS = "noopener noreferrer nofollow";

	private static final PolicyFactory POLICY = policy();

	private static final String DOCUMENT_HEAD = """
			<!DOCTYPE html>
			<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">\
			<base target="_blank"><style>
			html{color-scheme:light}
			body{margin:8px;font-family:system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Malgun Gothic",\
			sans-serif;font-size:14px;line-height:1.5;color:#222;background:#fff;overflow-wrap:break-word}
			img{max-width:100%;height:auto}
			table{max-width:100%}
			pre{white-space:pre-wrap}
			blockquote{margin:0 0 0 .8ex;padding-left:1ex;border-left:2px solid #ccc;color:#555}
			a{color:#1a5fb4}
			</style></head><body>""";

	private HtmlSanitizer() {
	}

	/**
	 * Sanitises the HTML body of a message.
	 * @param html the decoded HTML body, may be null
	 * @param remoteImages whether remote images stay
	 * @param cidUrl maps a Content-ID (without {@code cid:}, percent-decoded, without
	 * angle brackets) to the URL the webmail serves that inline part at, or to null if
	 * the message has no such part (the image then loses its source). Its result is
	 * trusted: it comes from the webmail, not from the message
	 * @return the sanitised fragment, and whether remote images were removed
	 */
	public static SafeHtml sanitize(String html, RemoteImages remoteImages, Function<String, String> cidUrl) {
		Objects.requireNonNull(remoteImages, "remoteImages");
		Objects.requireNonNull(cidUrl, "cidUrl");
		if (html == null || html.isEmpty()) {
			return new SafeHtml("", false);
		}
		StringBuilder out = new StringBuilder(html.length());
		ImageSources images = new ImageSources(HtmlStreamRenderer.create(out, Handler.DO_NOTHING), remoteImages,
				cidUrl);
		org.owasp.html.HtmlSanitizer.sanitize(html, POLICY.apply(images));
		return new SafeHtml(out.toString(), images.blocked);
	}

	/**
	 * Sanitises with remote images blocked and without inline images (their sources are
	 * removed): for previews, search results and quoting.
	 * @param html the decoded HTML body, may be null
	 * @return the sanitised fragment
	 */
	public static SafeHtml sanitize(String html) {
		return sanitize(html, RemoteImages.BLOCK, (cid) -> null);
	}

	/**
	 * A complete HTML document around a sanitised body, for the webmail's message iframe:
	 * UTF-8, no referrer sent to image hosts, links open in a new window, readable
	 * default styles. Serve it with {@link #cspForBody(boolean)}.
	 * @param body the sanitised body
	 * @return the document
	 */
	public static String document(SafeHtml body) {
		return DOCUMENT_HEAD + body.html() + "</body></html>\n";
	}

	/**
	 * The {@code Content-Security-Policy} header value for a response holding a
	 * {@link #document(SafeHtml)}. Nothing may run or load except images from the webmail
	 * itself ({@code cid:} parts), {@code data:} images and, if allowed, remote images;
	 * inline styles are allowed (the sanitiser filtered them). The {@code sandbox}
	 * directive applies the iframe's restrictions even when the URL is opened on its own:
	 * no scripts, forms or top navigation; popups allowed so links open, outside the
	 * sandbox. {@code allow-same-origin} keeps the document's origin so that the webmail
	 * page can read its height; without {@code allow-scripts} that gives the message
	 * nothing.
	 * @param remoteImagesAllowed whether remote images were allowed for this message
	 * @return the header value
	 */
	public static String cspForBody(boolean remoteImagesAllowed) {
		return "default-src 'none'; img-src 'self' data:" + (remoteImagesAllowed ? " https: http:" : "")
				+ "; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'; "
				+ "frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox allow-same-origin";
	}

	private static PolicyFactory policy() {
		CssSchema css = CssSchema.union(CssSchema.DEFAULT, CssSchema.withProperties(List.of("display", "float")));
		return new HtmlPolicyBuilder()
			.allowElements("p", "div", "span", "br", "b", "i", "u", "s", "strike", "strong", "em", "font", "small",
					"big", "sub", "sup", "tt", "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "abbr",
					"mark", "del", "ins", "address", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul", "ol",
					"li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr",
					"td", "th", "img", "wbr", "section", "article", "header", "footer", "figure", "figcaption")
			.allowElements(HtmlSanitizer::link, "a")
			// Both attribute filters run after the library's URL filter (which admits
			// these protocols on any URL attribute and normalises the value).
			.allowUrlProtocols("http", "https", "mailto", "cid", "data")
			.allowAttributes("href")
			.matching(HtmlSanitizer::href)
			.onElements("a")
			.allowAttributes("src")
			.matching(HtmlSanitizer::imageSource)
			.onElements("img")
			.allowStyling(css)
			.allowAttributes("title")
			.globally()
			.allowAttributes("dir")
			.matching(DIR)
			.globally()
			.allowAttributes("lang")
			.matching(LANG)
			.globally()
			.allowAttributes("alt")
			.onElements("img")
			.allowAttributes("align")
			.matching(ALIGN)
			.onElements("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "colgroup", "col", "thead",
					"tbody", "tfoot", "tr", "td", "th", "img", "hr")
			.allowAttributes("valign")
			.matching(VALIGN)
			.onElements("colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th", "img")
			.allowAttributes("width")
			.matching(LENGTH)
			.onElements("table", "colgroup", "col", "td", "th", "img", "hr")
			.allowAttributes("height")
			.matching(LENGTH)
			.onElements("table", "tr", "td", "th", "img")
			.allowAttributes("bgcolor")
			.matching(COLOR)
			.onElements("table", "tr", "td", "th")
			.allowAttributes("color")
			.matching(COLOR)
			.onElements("font", "hr")
			.allowAttributes("face")
			.matching(FONT_FACE)
			.onElements("font")
			.allowAttributes("size")
			.matching(FONT_SIZE)
			.onElements("font")
			.allowAttributes("size")
			.matching(NUMBER)
			.onElements("hr")
			.allowAttributes("border")
			.matching(NUMBER)
			.onElements("table", "img")
			.allowAttributes("cellpadding", "cellspacing")
			.matching(NUMBER)
			.onElements("table")
			.allowAttributes("colspan", "rowspan")
			.matching(NUMBER)
			.onElements("td", "th")
			.allowAttributes("span")
			.matching(NUMBER)
			.onElements("col", "colgroup")
			.allowAttributes("start")
			.matching(NUMBER)
			.onElements("ol")
			.allowAttributes("value")
			.matching(NUMBER)
			.onElements("li")
			.allowAttributes("type")
			.matching(LIST_TYPE)
			.onElements("ol", "ul", "li")
			.toFactory();
	}

	/** Links: absolute http, https and mailto only (never relative to the webmail). */
	private static String href(String element, String attribute, String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if ((lower.startsWith("http://") || lower.startsWith("https://")) && value.length() > 8) {
			return value;
		}
		if (lower.startsWith("mailto:") && value.length() > 7) {
			return value;
		}
		return null;
	}

	/**
	 * Image sources: http(s), cid and raster data URLs pass; {@link ImageSources} decides
	 * what becomes of them.
	 */
	private static String imageSource(String element, String attribute, String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.startsWith("http://") || lower.startsWith("https://")) {
			return value;
		}
		if (lower.startsWith("//") && value.length() > 2) {
			return "https:" + value;
		}
		if (lower.startsWith("cid:") && value.length() > 4) {
			return value;
		}
		if (lower.startsWith("data:")) {
			String data = ENCODED_SPACE.matcher(value).replaceAll("");
			return DATA_IMAGE.matcher(data).matches() ? data : null;
		}
		return null;
	}

	/** Every link opens in a new window, without telling the site where it came from. */
	private static String link(String element, List<String> attributes) {
		boolean href = false;
		for (int i = attributes.size() - 2; i >= 0; i -= 2) {
			String name = attributes.get(i);
			if (name.equals("href")) {
				href = true;
			}
			else if (name.equals("target") || name.equals("rel")) {
				attributes.subList(i, i + 2).clear();
			}
		}
		if (!href) {
			return null;
		}
		attributes.add("target");
		attributes.add("_blank");
		attributes.add("rel");
		attributes.add(LINK_RELS);
		return element;
	}

	/**
	 * Percent-decodes a {@code cid:} URL's Content-ID (RFC 2392) as UTF-8, without the
	 * angle brackets some senders put in.
	 */
	static String contentId(String cidUrl) {
		String id = cidUrl.substring(4);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(id.length());
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			int high = (c == '%' && i + 2 < id.length()) ? Character.digit(id.charAt(i + 1), 16) : -1;
			int low = (high >= 0) ? Character.digit(id.charAt(i + 2), 16) : -1;
			if (low >= 0) {
				bytes.write(high * 16 + low);
				i += 2;
			}
			else {
				int codePoint = id.codePointAt(i);
				byte[] encoded = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
				i += Character.charCount(codePoint) - 1;
			}
		}
		String decoded = bytes.toString(StandardCharsets.UTF_8).trim();
		if (decoded.length() >= 2 && decoded.startsWith("<") && decoded.endsWith(">")) {
			decoded = decoded.substring(1, decoded.length() - 1);
		}
		return decoded;
	}

	/**
	 * After the policy: rewrites {@code cid:} image sources to the webmail's URLs and
	 * removes remote ones unless allowed. It only ever removes or replaces an
	 * {@code img}'s {@code src}, with a URL from the caller; the renderer after it
	 * escapes it.
	 */
	private static final class ImageSources implements HtmlStreamEventReceiver {

		private final HtmlStreamEventReceiver out;

		private final RemoteImages remoteImages;

		private final Function<String, String> cidUrl;

		boolean blocked;

		ImageSources(HtmlStreamEventReceiver out, RemoteImages remoteImages, Function<String, String> cidUrl) {
			this.out = out;
			this.remoteImages = remoteImages;
			this.cidUrl = cidUrl;
		}

		@Override
		public void openDocument() {
			this.out.openDocument();
		}

		@Override
		public void closeDocument() {
			this.out.closeDocument();
		}

		@Override
		public void openTag(String elementName, List<String> attrs) {
			if (elementName.equals("img")) {
				for (int i = 0; i < attrs.size(); i += 2) {
					if (attrs.get(i).equals("src")) {
						String src = source(attrs.get(i + 1));
						if (src == null) {
							attrs.subList(i, i + 2).clear();
						}
						else {
							attrs.set(i + 1, src);
						}
						break;
					}
				}
				if (attrs.isEmpty()) {
					// As the policy drops an img without attributes (img is void: no
					// closeTag follows).
					return;
				}
			}
			this.out.openTag(elementName, attrs);
		}

		private String source(String src) {
			String lower = src.substring(0, Math.min(src.length(), 8)).toLowerCase(Locale.ROOT);
			if (lower.startsWith("cid:")) {
				return this.cidUrl.apply(contentId(src));
			}
			if (lower.startsWith("data:")) {
				return src;
			}
			if (lower.startsWith("http://") || lower.startsWith("https://")) {
				if (this.remoteImages == RemoteImages.ALLOW) {
					return src;
				}
				this.blocked = true;
			}
			return null;
		}

		@Override
		public void closeTag(String elementName) {
			this.out.closeTag(elementName);
		}

		@Override
		public void text(String text) {
			this.out.text(text);
		}

	}

}
