package dev.mailroom.mailbox;

import java.time.Instant;

/**
 * A message of one folder as a file-based client (FTP) lists it: no addresses, no flags,
 * only what a directory listing shows.
 *
 * @param id the message id
 * @param uid its UID in the folder
 * @param contentId the stored raw content
 * @param internalDate when it arrived (the file's time)
 * @param size the raw size in bytes (the file's size)
 * @param subject the decoded subject, empty when none
 * @param hasAttachments whether any part is an attachment
 */
public record FolderFile(long id, long uid, long contentId, Instant internalDate, long size, String subject,
		boolean hasAttachments) {
}
