package dev.mailroom.pop3;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mailbox.FolderSnapshot;

/**
 * The INBOX as a POP3 session sees it: the messages there at login, numbered from 1 in
 * UID order, with the deletion marks DELE sets and RSET clears (RFC 1939 section 5).
 */
final class Maildrop {

	private final FolderSnapshot snapshot;

	private final boolean[] deleted;

	Maildrop(FolderSnapshot snapshot) {
		this.snapshot = snapshot;
		this.deleted = new boolean[snapshot.messages().size()];
	}

	/** How many message numbers exist, deleted ones included. */
	int size() {
		return this.deleted.length;
	}

	/** Messages not marked as deleted. */
	int count() {
		int count = 0;
		for (boolean gone : this.deleted) {
			count += gone ? 0 : 1;
		}
		return count;
	}

	/** Octets of the messages not marked as deleted. */
	long octets() {
		long octets = 0;
		for (int i = 0; i < this.deleted.length; i++) {
			octets += this.deleted[i] ? 0 : this.snapshot.messages().get(i).size();
		}
		return octets;
	}

	/** The message with this number (from 1), deleted or not. */
	FolderSnapshot.Entry get(int number) {
		return this.snapshot.messages().get(number - 1);
	}

	boolean exists(int number) {
		return number >= 1 && number <= this.deleted.length;
	}

	boolean isDeleted(int number) {
		return this.deleted[number - 1];
	}

	void delete(int number) {
		this.deleted[number - 1] = true;
	}

	void undeleteAll() {
		java.util.Arrays.fill(this.deleted, false);
	}

	List<FolderSnapshot.Entry> deletedEntries() {
		List<FolderSnapshot.Entry> entries = new ArrayList<>();
		for (int i = 0; i < this.deleted.length; i++) {
			if (this.deleted[i]) {
				entries.add(this.snapshot.messages().get(i));
			}
		}
		return entries;
	}

	long folderId() {
		return this.snapshot.folderId();
	}

	/**
	 * The unique-id listing of a message (RFC 1939 section 7): UIDVALIDITY and UID name a
	 * message for as long as the INBOX exists and are never given to another message, so
	 * the id is stable across sessions and unique. A message moved out of the INBOX and
	 * back gets a new UID and so a new id, as it is a new copy.
	 */
	String uniqueId(int number) {
		return this.snapshot.uidValidity() + "." + get(number).uid();
	}

}
