package dev.mailroom.account;

import java.time.ZoneId;

/**
 * A user's webmail preferences.
 *
 * @param signature appended to new messages, plain text, empty for none
 * @param timeZone where dates are shown, null for "not chosen" (the browser's or UTC)
 * @param language {@code en} or {@code ko}, null for "as the browser asks"
 * @param pageSize messages per list page
 * @param undoSendSeconds how long sent mail waits, undoable, before it goes
 */
public record UserSettings(String signature, ZoneId timeZone, String language, int pageSize, int undoSendSeconds) {

	public static final UserSettings DEFAULTS = new UserSettings("", null, null, 50, 5);

	public UserSettings {
		signature = (signature != null) ? signature : "";
		if (language != null && !language.equals("en") && !language.equals("ko")) {
			throw new IllegalArgumentException("Language must be en or ko");
		}
		if (pageSize < 10 || pageSize > 200) {
			throw new IllegalArgumentException("Page size must be between 10 and 200");
		}
		if (undoSendSeconds < 0 || undoSendSeconds > 30) {
			throw new IllegalArgumentException("Undo send must be between 0 and 30 seconds");
		}
	}

	/** The zone to show dates in. */
	public ZoneId zoneOrUtc() {
		return (this.timeZone != null) ? this.timeZone : ZoneId.of("UTC");
	}

}
