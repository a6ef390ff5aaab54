package dev.mailroom.mime;

import org.jsoup.Jsoup;

/**
 * Builds the whitespace-collapsed preview of a message, from plain text or else from
 * HTML.
 */
final class Preview {

	/** Enough HTML to find 200 characters of text after a long style block. */
	static final int MAX_HTML_CHARS = 256 * 1024;

	private String plain;

	private String html;

	boolean wantsPlain() {
		return this.plain == null;
	}

	boolean wantsHtml() {
		return this.plain == null && this.html == null;
	}

	void offerPlain(Collapser text) {
		if (this.plain == null && text.length() > 0) {
			this.plain = text.result();
		}
	}

	void offerHtml(String html) {
		if (this.html == null) {
			this.html = html;
		}
	}

	String result() {
		if (this.plain != null) {
			return this.plain;
		}
		if (this.html != null) {
			Collapser collapser = new Collapser();
			collapser.append(Jsoup.parse(this.html).body().text());
			return collapser.result();
		}
		return "";
	}

	/** Collapses whitespace runs to one space, trims, and stops at the preview length. */
	static final class Collapser {

		private final StringBuilder text = new StringBuilder(MessageSummary.PREVIEW_LENGTH + 2);

		private boolean space;

		boolean isFull() {
			return this.text.length() >= MessageSummary.PREVIEW_LENGTH + 1;
		}

		int length() {
			return this.text.length();
		}

		void append(CharSequence chars) {
			for (int i = 0; i < chars.length() && !isFull(); i++) {
				append(chars.charAt(i));
			}
		}

		void append(char[] chars, int count) {
			for (int i = 0; i < count && !isFull(); i++) {
				append(chars[i]);
			}
		}

		private void append(char c) {
			if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '\u200b'
					|| c == '\ufeff') {
				this.space = true;
				return;
			}
			if (this.space && this.text.length() > 0) {
				this.text.append(' ');
			}
			this.space = false;
			this.text.append(c);
		}

		String result() {
			int end = Math.min(this.text.length(), MessageSummary.PREVIEW_LENGTH);
			if (end > 0 && end < this.text.length() && Character.isHighSurrogate(this.text.charAt(end - 1))) {
				end--;
			}
			return this.text.substring(0, end).trim();
		}

	}

}
