package dev.mailroom.mailbox;

import java.util.List;

/**
 * The flags of a message in one folder: the IMAP system flags (RFC 3501 2.3.2) and its
 * keywords ({@code $Forwarded}, {@code $Junk}, a user's own tags).
 */
public record MessageFlags(boolean seen, boolean answered, boolean flagged, boolean deleted, boolean draft,
		List<String> keywords) {

	public static final MessageFlags NONE = new MessageFlags(false, false, false, false, false, List.of());

	public MessageFlags {
		keywords = (keywords != null) ? List.copyOf(keywords) : List.of();
	}

}
