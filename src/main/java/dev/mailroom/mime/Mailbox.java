package dev.mailroom.mime;

/**
 * One address from an address header: the decoded display name (null when absent) and the
 * address itself as written, {@code local@domain}.
 */
public record Mailbox(String name, String address) {

	@Override
	public String toString() {
		return (this.name == null || this.name.isBlank()) ? this.address : this.name + " <" + this.address + ">";
	}

}
