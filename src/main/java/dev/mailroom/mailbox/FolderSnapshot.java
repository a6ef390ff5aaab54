package dev.mailroom.mailbox;

import java.util.List;

/**
 * The messages of one folder at one moment, in UID order: what a POP3 session serves from
 * login to QUIT, whatever happens to the folder meanwhile.
 *
 * @param folderId the folder
 * @param uidValidity the folder's UIDVALIDITY; with a message's UID it names the message
 * for as long as the folder exists (RFC 3501 2.3.1.1)
 * @param messages the messages, lowest UID first
 */
public record FolderSnapshot(long folderId, long uidValidity, List<Entry> messages) {

	public FolderSnapshot {
		messages = List.copyOf(messages);
	}

	/**
	 * One message of the snapshot.
	 *
	 * @param id the message id ({@code messages.id})
	 * @param uid its UID in the folder
	 * @param size its raw size in octets, as stored
	 */
	public record Entry(long id, long uid, long size) {
	}

}
