package dev.mailroom.mailbox;

import java.time.Instant;

/**
 * Someone a user has exchanged mail with: a suggestion for the address fields of the
 * compose page.
 *
 * @param name the display name last seen with the address, null when none
 * @param address the address, lower case
 * @param messages how many of the user's messages came from or went to it
 * @param lastSeen the newest of those messages
 */
public record Correspondent(String name, String address, long messages, Instant lastSeen) {

	/** {@code Name <address>}, or the address alone. */
	@Override
	public String toString() {
		return (this.name == null || this.name.isBlank()) ? this.address : this.name + " <" + this.address + ">";
	}

}
