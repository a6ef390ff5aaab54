package dev.mailroom.autoconfig;

/** Builds the small XML documents autoconfiguration answers with. */
final class Xml {

	private final StringBuilder text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

	private int depth;

	Xml open(String element) {
		return open(element, null, null);
	}

	Xml open(String element, String attribute, String value) {
		indent();
		this.text.append('<').append(element);
		if (attribute != null) {
			this.text.append(' ').append(attribute).append("=\"").append(escape(value)).append('"');
		}
		this.text.append(">\n");
		this.depth++;
		return this;
	}

	Xml close(String element) {
		this.depth--;
		indent();
		this.text.append("</").append(element).append(">\n");
		return this;
	}

	/** An element with text content, escaped. */
	Xml element(String element, Object content) {
		indent();
		this.text.append('<')
			.append(element)
			.append('>')
			.append(escape(String.valueOf(content)))
			.append("</")
			.append(element)
			.append(">\n");
		return this;
	}

	private void indent() {
		this.text.append("  ".repeat(this.depth));
	}

	/**
	 * Escapes text for element content and double-quoted attributes, and drops characters
	 * XML 1.0 cannot carry at all (most control characters), so no input can change the
	 * document's structure or make it unparseable.
	 */
	static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		value.codePoints().forEach((c) -> {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&apos;");
				default -> {
					boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
							|| (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
					if (allowed) {
						escaped.appendCodePoint(c);
					}
				}
			}
		});
		return escaped.toString();
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
