package dev.mailroom.mailbox;

import java.time.Instant;
import java.util.List;

import dev.mailroom.mime.Mailbox;

/**
 * One line of a message list (a folder, a search result, a conversation): what the
 * webmail and the REST API show without opening the message.
 *
 * @param id the message id (one copy in one folder)
 * @param folderId the folder it is in
 * @param uid its IMAP UID in that folder
 * @param threadId the conversation it belongs to
 * @param internalDate when it arrived (the sort key of every list)
 * @param size the raw size in bytes
 * @param from the From addresses, decoded
 * @param to the To addresses, decoded
 * @param subject the decoded subject, empty when none
 * @param preview the first words of the text, whitespace collapsed
 * @param hasAttachments whether any part is an attachment
 * @param seen the {@code \Seen} flag
 * @param flagged the {@code \Flagged} flag (a star in the webmail)
 * @param answered the {@code \Answered} flag
 * @param draft the {@code \Draft} flag
 */
public record MessageListItem(long id, long folderId, long uid, long threadId, Instant internalDate, long size,
		List<Mailbox> from, List<Mailbox> to, String subject, String preview, boolean hasAttachments, boolean seen,
		boolean flagged, boolean answered, boolean draft) {

	public MessageListItem {
		from = List.copyOf(from);
		to = List.copyOf(to);
	}

}
