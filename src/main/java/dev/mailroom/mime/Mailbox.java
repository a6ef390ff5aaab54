package dev.mailroom.mime;

/**
 * One address from an address header: the decoded display name (null when absent) and the
 * address itself as written, {@code local@domain}.
 */
public record Mailbox(String name, String address) {

	/**
	 * Reads an address list as a user types it or a header carries it
	 * ({@code Kim <kim@example.com>, "Lee, S." <lee@example.com>, park@example.com}),
	 * leniently: entries without an address are skipped.
	 * @param value the list, may be null
	 * @return the addresses, display names decoded
	 */
	public static java.util.List<Mailbox> parseList(String value) {
		return Addresses.parse(value);
	}

	@Override
	public String toString() {
		return (this.name == null || this.name.isBlank()) ? this.address : this.name + " <" + this.address + ">";
	}

}
