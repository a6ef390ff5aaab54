package dev.mailroom.mime;

import java.util.Objects;

/**
 * HTML that is safe to show: the output of {@link HtmlSanitizer#sanitize} or
 * {@link PlainTextHtml#toHtml}. Only this package creates instances, so a value of this
 * type has always been through one of them.
 */
public final class SafeHtml {

	private final String html;

	private final boolean remoteImagesBlocked;

	SafeHtml(String html, boolean remoteImagesBlocked) {
		this.html = Objects.requireNonNull(html, "html");
		this.remoteImagesBlocked = remoteImagesBlocked;
	}

	/**
	 * The HTML fragment, for the inside of a {@code <body>} (or of a {@code <div>}).
	 * @return the sanitised HTML, never null
	 */
	public String html() {
		return this.html;
	}

	/**
	 * Whether at least one remote image was removed, so that the webmail can offer to
	 * show images.
	 * @return true if remote images were blocked
	 */
	public boolean remoteImagesBlocked() {
		return this.remoteImagesBlocked;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SafeHtml that && this.html.equals(that.html)
				&& this.remoteImagesBlocked == that.remoteImagesBlocked;
	}

	@Override
	public int hashCode() {
		return this.html.hashCode() * 31 + Boolean.hashCode(this.remoteImagesBlocked);
	}

	@Override
	public String toString() {
		return "SafeHtml[" + this.html.length() + " chars" + (this.remoteImagesBlocked ? ", remote images blocked" : "")
				+ "]";
	}

}
