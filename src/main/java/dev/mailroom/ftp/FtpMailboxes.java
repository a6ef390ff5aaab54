package dev.mailroom.ftp;

import java.nio.file.Path;

import dev.mailroom.mailbox.FolderFiles;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.MimeParser;

/**
 * What the FTP views work with: the mailbox services, the published directory, the spool
 * for uploads and the largest upload.
 *
 * @param pubRoot the real path of the directory shown as {@code /pub}, or null when it
 * does not exist
 * @param spoolDir where uploads wait until they are stored
 * @param maxUpload the largest message that can be uploaded, in bytes
 */
record FtpMailboxes(MailboxService mailboxService, MessageService messageService, MessageStore messageStore,
		FolderFiles folderFiles, MimeParser parser, Path pubRoot, Path spoolDir, long maxUpload) {
}
