package dev.mailroom.mailbox;

import java.util.List;

/**
 * One page of a message list, newest first, with keyset cursors to its neighbours.
 *
 * @param items the messages, newest first
 * @param newer the cursor of the page before (newer messages), null on the first page
 * @param older the cursor of the page after (older messages), null on the last page
 */
public record MessagePage(List<MessageListItem> items, PageCursor newer, PageCursor older) {

	public MessagePage {
		items = List.copyOf(items);
	}

}
