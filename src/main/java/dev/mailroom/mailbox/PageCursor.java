package dev.mailroom.mailbox;

import java.time.Instant;

/**
 * A keyset position in a list sorted by (internal date, id), newest first. Lists never
 * use OFFSET: the last page of a 100,000-message folder costs what the first one does.
 *
 * @param internalDate the internal date of the message at the edge of a page
 * @param id its id, to break ties between messages of the same instant
 */
public record PageCursor(Instant internalDate, long id) {

	/** A compact, URL-safe form: {@code <epoch micros>.<id>}. */
	public String token() {
		long micros = Math.addExact(Math.multiplyExact(this.internalDate.getEpochSecond(), 1_000_000L),
				this.internalDate.getNano() / 1_000);
		return micros + "." + this.id;
	}

	/**
	 * Reads {@link #token()}.
	 * @throws IllegalArgumentException when the token is not one
	 */
	public static PageCursor parse(String token) {
		int dot = (token != null) ? token.indexOf('.') : -1;
		if (dot <= 0) {
			throw new IllegalArgumentException("Not a page cursor: " + token);
		}
		try {
			long micros = Long.parseLong(token.substring(0, dot));
			long id = Long.parseLong(token.substring(dot + 1));
			return new PageCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
					Math.floorMod(micros, 1_000_000L) * 1_000L), id);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a page cursor: " + token, ex);
		}
	}

}
