package dev.mailroom.mailbox;

/**
 * Which page of a list to read.
 *
 * @param direction where to go
 * @param cursor the edge to start from, for {@link Direction#OLDER} and
 * {@link Direction#NEWER}; ignored otherwise
 * @param limit how many messages, 1 to {@link #MAX_LIMIT}
 */
public record PageRequest(Direction direction, PageCursor cursor, int limit) {

	public static final int MAX_LIMIT = 200;

	public enum Direction {

		/** The newest messages. */
		FIRST,
		/** The oldest messages (still shown newest first). */
		LAST,
		/** The messages just older than the cursor. */
		OLDER,
		/** The messages just newer than the cursor. */
		NEWER

	}

	public PageRequest {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
		}
		if ((direction == Direction.OLDER || direction == Direction.NEWER) && cursor == null) {
			throw new IllegalArgumentException(direction + " needs a cursor");
		}
	}

	public static PageRequest first(int limit) {
		return new PageRequest(Direction.FIRST, null, limit);
	}

}
