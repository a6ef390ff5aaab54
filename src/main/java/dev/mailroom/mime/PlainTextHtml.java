package dev.mailroom.mime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Converts between plain text and HTML: a plain-text body into safe HTML for the webmail
 * ({@link #toHtml}), and an HTML body into readable text ({@link #htmlToText}) for the
 * text alternative of rich-text mail, for quoting in replies and for search.
 *
 * <p>
 * Design decisions for {@link #toHtml}:
 * <ul>
 * <li>Everything is escaped; the only markup is the wrapper, links and blockquotes, built
 * here. Line breaks and runs of spaces are kept with {@code white-space: pre-wrap} (also
 * class {@code plain-text}, for a page whose CSP forbids style attributes).</li>
 * <li>Links are made of {@code http://}, {@code https://} and {@code www.} URLs and of
 * email addresses (optionally written {@code mailto:}); a {@code href} is only ever
 * {@code http:}, {@code https:} or {@code mailto:}, so {@code javascript:} in text stays
 * text. {@code ftp://} URLs are recognised but left as text: browsers no longer open
 * them. {@code www.} links get {@code http://}, as other mail clients do.</li>
 * <li>A URL is made of the characters RFC 3986 allows and ends at the first other one:
 * space, {@code <>"}, and any non-ASCII character. Korean particles are written right
 * after a URL ({@code https://example.com에서}), so Hangul ends it; a URL with Hangul in
 * its path is linked up to that point. Trailing {@code .,;:!?'"*} and closing brackets
 * without an opening one in the URL are not part of it.</li>
 * <li>Lines starting with {@code >} become nested {@code blockquote}s, without their
 * markers, when asked.</li>
 * </ul>
 */
public final class PlainTextHtml {

	private static final String URL_CHARS = "[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]";

	private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?";

	private static final Pattern LINKS = Pattern.compile("(?<![A-Za-z0-9._%+\\-@])(?:"
			+ "(?<url>(?:(?i:https?|ftp)://|(?i:www)\\.)[A-Za-z0-9\\[]" + URL_CHARS + "*)"
			+ "|(?<email>(?:(?i:mailto):)?[A-Za-z0-9._%+\\-]+@" + LABEL + "(?:\\." + LABEL + ")*\\.[A-Za-z]{2,63}))");

	private static final String LINK_ATTRIBUTES = " target=\"_blank\" rel=\"noopener noreferrer nofollow\"";

	private PlainTextHtml() {
	}

	/**
	 * Converts a plain-text body to HTML, with quoted lines as blockquotes.
	 * @param text the decoded text, may be null
	 * @return the HTML, which loads nothing
	 */
	public static SafeHtml toHtml(String text) {
		return toHtml(text, true);
	}

	/**
	 * Converts a plain-text body to HTML.
	 * @param text the decoded text, may be null
	 * @param quotesAsBlockquotes whether lines starting with {@code >} become blockquotes
	 * (without the markers) or stay as they are
	 * @return the HTML, which loads nothing
	 */
	public static SafeHtml toHtml(String text, boolean quotesAsBlockquotes) {
		StringBuilder html = new StringBuilder((text != null) ? text.length() + text.length() / 8 + 100 : 100);
		html.append("<div class=\"plain-text\" style=\"white-space: pre-wrap; overflow-wrap: break-word\">");
		if (text != null) {
			String[] lines = normalise(text).split("\n", -1);
			int end = lines.length;
			while (end > 0 && lines[end - 1].isBlank()) {
				end--;
			}
			int depth = 0;
			boolean firstInBlock = true;
			for (int i = 0; i < end; i++) {
				String line = lines[i];
				int lineDepth = 0;
				int start = 0;
				if (quotesAsBlockquotes) {
					while (start < line.length() && line.charAt(start) == '>') {
						lineDepth++;
						start++;
						if (start + 1 < line.length() && line.charAt(start) == ' ' && line.charAt(start + 1) == '>') {
							start++;
						}
					}
					if (lineDepth > 0 && start < line.length() && line.charAt(start) == ' ') {
						start++;
					}
				}
				if (lineDepth != depth) {
					for (; depth > lineDepth; depth--) {
						html.append("</blockquote>");
					}
					for (; depth < lineDepth; depth++) {
						html.append("<blockquote>");
					}
					firstInBlock = true;
				}
				if (!firstInBlock) {
					html.append('\n');
				}
				firstInBlock = false;
				appendLinked(line, start, html);
			}
			for (; depth > 0; depth--) {
				html.append("</blockquote>");
			}
		}
		return new SafeHtml(html.append("</div>").toString(), false);
	}

	/** Unix line ends (a form feed too); other characters HTML forbids become U+FFFD. */
	private static String normalise(String text) {
		StringBuilder normal = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\r' || c == '\f') {
				normal.append('\n');
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
			}
			else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
				normal.append('\ufffd');
			}
			else {
				normal.append(c);
			}
		}
		return normal.toString();
	}

	private static void appendLinked(String line, int from, StringBuilder html) {
		Matcher matcher = LINKS.matcher(line);
		matcher.region(from, line.length());
		matcher.useTransparentBounds(true);
		int done = from;
		while (matcher.find()) {
			String href;
			int end;
			if (matcher.group("url") != null) {
				end = urlEnd(line, matcher.start(), matcher.end());
				String url = line.substring(matcher.start(), end);
				String lower = url.toLowerCase(Locale.ROOT);
				if (lower.startsWith("www.")) {
					href = "http://" + url;
				}
				else if (lower.startsWith("http://") || lower.startsWith("https://")) {
					href = url;
				}
				else {
					href = null;
				}
				if (lower.endsWith("://")) {
					href = null;
				}
			}
			else {
				end = matcher.end();
				String address = line.substring(matcher.start(), end);
				href = address.regionMatches(true, 0, "mailto:", 0, 7) ? "mailto:" + address.substring(7)
						: "mailto:" + address;
			}
			escape(line, done, matcher.start(), html);
			if (href != null) {
				html.append("<a href=\"");
				escape(href, 0, href.length(), html);
				html.append('"').append(LINK_ATTRIBUTES).append('>');
				escape(line, matcher.start(), end, html);
				html.append("</a>");
			}
			else {
				escape(line, matcher.start(), end, html);
			}
			done = end;
			if (end < matcher.end()) {
				matcher.region(end, line.length());
			}
		}
		escape(line, done, line.length(), html);
	}

	/** Where a URL ends, without trailing punctuation and unbalanced closing brackets. */
	private static int urlEnd(String line, int start, int end) {
		while (end > start) {
			char c = line.charAt(end - 1);
			if (".,;:!?'\"*".indexOf(c) >= 0) {
				end--;
			}
			else if ((c == ')' && count(line, start, end, '(') < count(line, start, end, ')'))
					|| (c == ']' && count(line, start, end, '[') < count(line, start, end, ']'))) {
				end--;
			}
			else {
				break;
			}
		}
		return end;
	}

	private static int count(String s, int start, int end, char c) {
		int n = 0;
		for (int i = start; i < end; i++) {
			if (s.charAt(i) == c) {
				n++;
			}
		}
		return n;
	}

	private static void escape(String s, int start, int end, StringBuilder html) {
		for (int i = start; i < end; i++) {
			char c = s.charAt(i);
			switch (c) {
				case '&' -> html.append("&amp;");
				case '<' -> html.append("&lt;");
				case '>' -> html.append("&gt;");
				case '"' -> html.append("&#34;");
				case '\'' -> html.append("&#39;");
				default -> html.append(c);
			}
		}
	}

	/**
	 * Renders an HTML body as readable plain text: block elements end lines, paragraphs
	 * and headings are separated by a blank line, {@code br} breaks a line, list items
	 * get {@code - } or their number, table cells are separated by a tab, blockquotes are
	 * prefixed with {@code > }, {@code pre} (and {@code white-space: pre} styles) keeps
	 * its spaces and line breaks, links with a URL other than their text become
	 * {@code text <url>}. Entities are decoded; scripts, styles, the head, embedded
	 * objects and elements hidden with {@code display:none} are dropped.
	 * @param html the HTML, a fragment or a document, may be null
	 * @return the text, without leading or trailing blank lines
	 */
	public static String htmlToText(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		TextWriter writer = new TextWriter();
		NodeTraversor.filter(writer, Jsoup.parse(html).body());
		return writer.result();
	}

	/** Walks the parsed HTML and writes its text. */
	private static final class TextWriter implements NodeFilter {

		private static final Set<String> SKIPPED = Set.of("script", "style", "template", "noscript", "title", "head",
				"iframe", "object", "embed", "svg", "math", "canvas", "audio", "video", "select", "textarea", "img");

		private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table");

		private static final Set<String> BLOCKS = Set.of("div", "tr", "ul", "ol", "dl", "dt", "dd", "section",
				"article", "header", "footer", "nav", "aside", "main", "address", "center", "form", "fieldset",
				"figure", "figcaption", "details", "summary", "caption", "blockquote", "pre", "hr", "li", "body");

		private static final Pattern PRE_STYLE = Pattern.compile("(?i)white-space\\s*:\\s*pre");

		private static final Pattern HIDDEN = Pattern.compile("(?i)display\\s*:\\s*none|mso-hide\\s*:\\s*all");

		private final StringBuilder out = new StringBuilder();

		/** Line breaks wanted before the next text. */
		private int pendingBreaks;

		/** The least quote depth since the last text, for the prefix of blank lines. */
		private int pendingDepth;

		private boolean pendingSpace;

		private boolean pendingCell;

		private int quoteDepth;

		private int preDepth;

		private final Deque<int[]> lists = new ArrayDeque<>();

		@Override
		public FilterResult head(Node node, int depth) {
			if (node instanceof TextNode textNode) {
				text(textNode.getWholeText());
				return FilterResult.CONTINUE;
			}
			if (!(node instanceof Element element)) {
				return FilterResult.SKIP_ENTIRELY;
			}
			String name = element.normalName();
			if (SKIPPED.contains(name) || element.hasAttr("hidden") || HIDDEN.matcher(element.attr("style")).find()) {
				return FilterResult.SKIP_ENTIRELY;
			}
			if (keepsSpaces(element)) {
				this.preDepth++;
			}
			switch (name) {
				case "br" -> {
					this.pendingBreaks = Math.min(this.pendingBreaks + 1, 3);
					this.pendingDepth = Math.min(this.pendingDepth, this.quoteDepth);
					this.pendingSpace = false;
				}
				case "blockquote" -> {
					lineBreaks(1);
					this.quoteDepth++;
				}
				case "pre" -> lineBreaks(1);
				case "ul", "ol" -> {
					lineBreaks(1);
					this.lists.push(new int[] { name.equals("ol") ? 1 : 0, parseStart(element) });
				}
				case "li" -> {
					lineBreaks(1);
					int[] list = this.lists.peek();
					String indent = "  ".repeat(Math.max(0, this.lists.size() - 1));
					if (list != null && list[0] == 1) {
						write(indent + list[1]++ + ". ");
					}
					else {
						write(indent + "- ");
					}
				}
				case "hr" -> {
					lineBreaks(1);
					write("----");
					lineBreaks(1);
				}
				case "td", "th" -> this.pendingCell = true;
				default -> {
					if (PARAGRAPHS.contains(name)) {
						lineBreaks(2);
					}
					else if (BLOCKS.contains(name)) {
						lineBreaks(1);
					}
				}
			}
			return FilterResult.CONTINUE;
		}

		@Override
		public FilterResult tail(Node node, int depth) {
			if (!(node instanceof Element element)) {
				return FilterResult.CONTINUE;
			}
			String name = element.normalName();
			if (keepsSpaces(element)) {
				this.preDepth--;
			}
			switch (name) {
				case "blockquote" -> {
					lineBreaks(1);
					this.quoteDepth--;
				}
				case "pre" -> lineBreaks(1);
				case "ul", "ol" -> {
					this.lists.pop();
					lineBreaks(1);
				}
				case "a" -> link(element);
				default -> {
					if (PARAGRAPHS.contains(name)) {
						lineBreaks(2);
					}
					else if (BLOCKS.contains(name)) {
						lineBreaks(1);
					}
				}
			}
			return FilterResult.CONTINUE;
		}

		/** A {@code pre}, or an element styled {@code white-space: pre...}. */
		private static boolean keepsSpaces(Element element) {
			return element.normalName().equals("pre") || PRE_STYLE.matcher(element.attr("style")).find();
		}

		private static int parseStart(Element list) {
			try {
				return list.hasAttr("start") ? Integer.parseInt(list.attr("start").trim()) : 1;
			}
			catch (NumberFormatException ex) {
				return 1;
			}
		}

		/** Appends {@code <url>} after a link whose text does not already show it. */
		private void link(Element link) {
			String href = link.attr("href").trim();
			String lower = href.toLowerCase(Locale.ROOT);
			String shown;
			if (lower.startsWith("http://") || lower.startsWith("https://")) {
				shown = href;
			}
			else if (lower.startsWith("mailto:")) {
				shown = href.substring(7);
				int query = shown.indexOf('?');
				if (query >= 0) {
					shown = shown.substring(0, query);
				}
			}
			else {
				return;
			}
			String text = link.text().trim();
			if (text.isEmpty() || shown.isEmpty() || text.contains(shown) || stripScheme(shown).equals(text)
					|| stripScheme(shown).equals(text + "/")) {
				return;
			}
			this.pendingSpace = true;
			write("<" + href + ">");
		}

		private static String stripScheme(String url) {
			int scheme = url.indexOf("://");
			return (scheme >= 0) ? url.substring(scheme + 3) : url;
		}

		private void lineBreaks(int count) {
			if (count > this.pendingBreaks) {
				this.pendingBreaks = count;
			}
			this.pendingDepth = Math.min(this.pendingDepth, this.quoteDepth);
			this.pendingSpace = false;
			this.pendingCell = false;
		}

		private void text(String text) {
			if (this.preDepth > 0) {
				int start = 0;
				for (int i = 0; i <= text.length(); i++) {
					if (i == text.length() || text.charAt(i) == '\n') {
						String line = text.substring(start, i).replace("\r", "");
						if (!line.isEmpty()) {
							write(line);
						}
						if (i < text.length()) {
							this.pendingBreaks++;
							this.pendingDepth = Math.min(this.pendingDepth, this.quoteDepth);
							if (this.out.isEmpty()) {
								this.pendingBreaks = 0;
							}
						}
						start = i + 1;
					}
				}
				return;
			}
			StringBuilder word = new StringBuilder();
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '\u200b' || c == '\ufeff' || c == '\u00ad' || c == '\u034f') {
					continue;
				}
				if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
					if (!word.isEmpty()) {
						write(word.toString());
						word.setLength(0);
					}
					this.pendingSpace = true;
				}
				else {
					word.append(c);
				}
			}
			if (!word.isEmpty()) {
				write(word.toString());
			}
		}

		/** Writes text after any pending line breaks, quote prefix and separator. */
		private void write(String text) {
			if (this.out.isEmpty()) {
				this.pendingBreaks = 0;
				this.pendingSpace = false;
				this.pendingCell = false;
			}
			if (this.pendingBreaks > 0) {
				trimLineEnd();
				for (int i = 0; i < this.pendingBreaks; i++) {
					if (i > 0 && this.pendingDepth > 0) {
						this.out.append(">".repeat(this.pendingDepth));
					}
					this.out.append('\n');
				}
				this.pendingBreaks = 0;
				this.pendingSpace = false;
				this.pendingCell = false;
			}
			if (this.quoteDepth > 0 && (this.out.isEmpty() || this.out.charAt(this.out.length() - 1) == '\n')) {
				this.out.append(">".repeat(this.quoteDepth)).append(' ');
			}
			else if (this.pendingCell) {
				this.out.append('\t');
			}
			else if (this.pendingSpace && !this.out.isEmpty() && this.out.charAt(this.out.length() - 1) != '\n') {
				this.out.append(' ');
			}
			this.pendingSpace = false;
			this.pendingCell = false;
			this.pendingDepth = this.quoteDepth;
			this.out.append(text);
		}

		private void trimLineEnd() {
			int end = this.out.length();
			while (end > 0 && (this.out.charAt(end - 1) == ' ' || this.out.charAt(end - 1) == '\t')) {
				end--;
			}
			this.out.setLength(end);
		}

		String result() {
			trimLineEnd();
			return this.out.toString().replace('\u00a0', ' ');
		}

	}

}
