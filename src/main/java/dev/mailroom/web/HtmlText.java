package dev.mailroom.web;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The plain-text alternative of HTML written in the compose page's editor, for when the
 * browser sent none: paragraphs and line breaks kept, list items bulleted, links followed
 * by their address. Deliberately small; the mime module's fuller conversion can replace
 * it.
 */
final class HtmlText {

	private HtmlText() {
	}

	static String toText(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		append(Jsoup.parseBodyFragment(html).body(), text);
		return text.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
	}

	private static void append(Node node, StringBuilder text) {
		if (node instanceof TextNode textNode) {
			text.append(textNode.getWholeText().replaceAll("\\s+", " "));
			return;
		}
		if (!(node instanceof Element element)) {
			return;
		}
		String tag = element.normalName();
		switch (tag) {
			case "script", "style", "head", "title" -> {
				return;
			}
			case "br" -> {
				text.append('\n');
				return;
			}
			case "li" -> text.append("\n- ");
			case "p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr" ->
				newLine(text);
			default -> {
			}
		}
		element.childNodes().forEach((child) -> append(child, text));
		if (tag.equals("a")) {
			String href = element.attr("href");
			if (!href.isBlank() && !href.equals(element.text().strip()) && !href.startsWith("mailto:")) {
				text.append(" <").append(href).append('>');
			}
		}
		if (tag.equals("p") || tag.matches("h[1-6]")) {
			newLine(text);
			text.append('\n');
		}
		else if (tag.equals("div") || tag.equals("ul") || tag.equals("ol") || tag.equals("tr")) {
			newLine(text);
		}
	}

	private static void newLine(StringBuilder text) {
		if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
			text.append('\n');
		}
	}

}
