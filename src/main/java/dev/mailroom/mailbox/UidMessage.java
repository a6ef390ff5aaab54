package dev.mailroom.mailbox;

import java.time.Instant;

/**
 * A message of a folder as IMAP addresses it: by UID, with its flags and mod-sequence.
 *
 * @param id the message's row id
 * @param contentId the shared raw content ({@link UidStore#openContent(long)})
 * @param size the raw size in bytes
 */
public record UidMessage(long id, long uid, long modSeq, MessageFlags flags, Instant internalDate, long size,
		long contentId) {
}
