package dev.mailroom.mime;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text of an HTML body, for quoting or forwarding an HTML-only message: text with
 * its whitespace collapsed as a browser would, a line break for {@code <br>
 * } and around block elements, a blank line around paragraphs and headings, {@code <pre>}
 * kept as it is. Scripts, styles and markup are dropped.
 */
final class HtmlText {

	private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
			"ul", "ol", "table", "hr");

	private HtmlText() {
	}

	static String of(String html) {
		if (html == null || html.isEmpty()) {
			return "";
		}
		Element body = Jsoup.parse(html).body();
		Writer writer = new Writer();
		NodeTraversor.traverse(writer, body);
		return writer.result();
	}

	private static final class Writer implements NodeVisitor {

		private final StringBuilder text = new StringBuilder();

		/**
		 * Line breaks owed before the next text: 1 for a new line, 2 for a blank line.
		 */
		private int pendingBreaks;

		private boolean pendingSpace;

		private int preDepth;

		@Override
		public void head(Node node, int depth) {
			if (node instanceof TextNode textNode) {
				if (this.preDepth > 0) {
					append(textNode.getWholeText());
				}
				else {
					appendCollapsed(textNode.getWholeText());
				}
			}
			else if (node instanceof Element element) {
				String name = element.normalName();
				if (name.equals("br")) {
					this.text.append('\n');
					this.pendingBreaks = 0;
					this.pendingSpace = false;
				}
				else if (PARAGRAPHS.contains(name)) {
					breakLine(2);
				}
				else if (element.isBlock()) {
					breakLine(1);
				}
				if (name.equals("pre")) {
					this.preDepth++;
				}
			}
		}

		@Override
		public void tail(Node node, int depth) {
			if (node instanceof Element element) {
				String name = element.normalName();
				if (name.equals("pre")) {
					this.preDepth--;
				}
				if (PARAGRAPHS.contains(name)) {
					breakLine(2);
				}
				else if (element.isBlock()) {
					breakLine(1);
				}
				else if (name.equals("td") || name.equals("th")) {
					this.pendingSpace = true;
				}
			}
		}

		private void breakLine(int breaks) {
			if (this.text.length() > 0) {
				this.pendingBreaks = Math.max(this.pendingBreaks, breaks);
				this.pendingSpace = false;
			}
		}

		private void appendCollapsed(String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (Character.isWhitespace(c) || c == '\u00a0') {
					// A no-break space is kept as a space, not as a run separator.
					if (c == '\u00a0') {
						flush();
						this.text.append(' ');
					}
					else if (this.text.length() > 0 && !endsWithLineBreak()) {
						this.pendingSpace = true;
					}
				}
				else {
					flush();
					this.text.append(c);
				}
			}
		}

		private void append(String value) {
			if (!value.isEmpty()) {
				flush();
				this.text.append(value);
			}
		}

		private void flush() {
			if (this.pendingBreaks > 0) {
				int existing = 0;
				for (int i = this.text.length() - 1; i >= 0 && this.text.charAt(i) == '\n' && existing < 2; i--) {
					existing++;
				}
				this.text.append("\n".repeat(Math.max(0, this.pendingBreaks - existing)));
				this.pendingBreaks = 0;
				this.pendingSpace = false;
			}
			else if (this.pendingSpace) {
				this.text.append(' ');
			}
			this.pendingSpace = false;
		}

		private boolean endsWithLineBreak() {
			return this.text.length() > 0 && this.text.charAt(this.text.length() - 1) == '\n';
		}

		String result() {
			StringBuilder result = new StringBuilder(this.text.length());
			for (String line : this.text.toString().split("\n", -1)) {
				result.append(line.stripTrailing()).append('\n');
			}
			return result.toString().strip();
		}

	}

}
