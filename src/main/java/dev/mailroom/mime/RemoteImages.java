package dev.mailroom.mime;

/**
 * Whether {@link HtmlSanitizer} keeps images loaded from other hosts. Remote images are
 * blocked unless the user asked to see them, for this message or for all mail from this
 * sender: loading one tells the sender that, when and from where the message was read
 * (tracking pixels), and confirms that the address is alive.
 */
public enum RemoteImages {

	/** Remove every {@code http:} and {@code https:} image source (the default). */
	BLOCK,

	/** Keep {@code http:} and {@code https:} image sources. */
	ALLOW;

	/**
	 * The policy for a message.
	 * @param allowed whether the user chose to show remote images for this message or its
	 * sender
	 * @return {@link #ALLOW} if allowed, else {@link #BLOCK}
	 */
	public static RemoteImages allowedIf(boolean allowed) {
		return allowed ? ALLOW : BLOCK;
	}

}
