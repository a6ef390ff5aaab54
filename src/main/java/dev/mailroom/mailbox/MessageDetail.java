package dev.mailroom.mailbox;

import java.time.Instant;
import java.util.List;

import dev.mailroom.mime.Mailbox;

/**
 * One message of a user with everything its summary holds, before its body is read.
 *
 * @param item the list view of the message (flags, folder, subject, From, To)
 * @param contentId the stored raw message, shared with every other copy
 * @param cc the Cc addresses
 * @param replyTo the Reply-To addresses
 * @param sentDate the Date header, null when missing or unreadable
 * @param messageIdHeader the Message-ID without angle brackets, null when missing
 * @param inReplyTo the In-Reply-To id, null when none
 * @param references the References ids, oldest first
 * @param folderRole the role of the folder it is in, null for a user's own folder
 */
public record MessageDetail(MessageListItem item, long contentId, List<Mailbox> cc, List<Mailbox> replyTo,
		Instant sentDate, String messageIdHeader, String inReplyTo, List<String> references, FolderRole folderRole) {

	public MessageDetail {
		cc = List.copyOf(cc);
		replyTo = List.copyOf(replyTo);
		references = List.copyOf(references);
	}

	public long id() {
		return this.item.id();
	}

}
