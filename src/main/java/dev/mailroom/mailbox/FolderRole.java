package dev.mailroom.mailbox;

import java.util.Locale;

/**
 * The folders every user has, with their RFC 6154 special-use attribute (INBOX has none:
 * it is special by name in RFC 3501).
 */
public enum FolderRole {

	INBOX("INBOX", null), SENT("Sent", "\\Sent"), DRAFTS("Drafts", "\\Drafts"), TRASH("Trash", "\\Trash"),
	JUNK("Junk", "\\Junk"), ARCHIVE("Archive", "\\Archive");

	private final String defaultName;

	private final String specialUse;

	FolderRole(String defaultName, String specialUse) {
		this.defaultName = defaultName;
		this.specialUse = specialUse;
	}

	public String defaultName() {
		return this.defaultName;
	}

	/** The RFC 6154 attribute, or null for INBOX. */
	public String specialUse() {
		return this.specialUse;
	}

	String dbValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	static FolderRole fromDb(String value) {
		return (value != null) ? valueOf(value.toUpperCase(Locale.ROOT)) : null;
	}

}
