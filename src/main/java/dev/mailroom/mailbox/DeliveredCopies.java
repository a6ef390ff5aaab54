package dev.mailroom.mailbox;

import java.util.List;
import java.util.function.Predicate;

/**
 * The copies one delivery placed: one per local recipient's INBOX, and the sender's Sent
 * copy of mail written in Mailroom.
 *
 * @param recipients the INBOX copies
 * @param sent the Sent copy, or null
 */
public record DeliveredCopies(List<StoredMessage> recipients, StoredMessage sent) {

	static DeliveredCopies of(List<StoredMessage> stored, Predicate<StoredMessage> isSentCopy) {
		StoredMessage sent = stored.stream().filter(isSentCopy).findFirst().orElse(null);
		return new DeliveredCopies(stored.stream().filter((message) -> message != sent).toList(), sent);
	}

}
