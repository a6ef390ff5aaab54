package dev.mailroom.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import dev.mailroom.mailbox.FolderFile;
import dev.mailroom.mailbox.MailboxException;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * A message as a file: its exact raw bytes, its size and arrival time. DELE moves it to
 * Trash (in Trash or Junk it is removed for good); RNFR/RNTO moves it to another folder.
 */
final class MessageFile extends Node {

	private final FolderDir folder;

	private final FolderFile file;

	MessageFile(MailView view, String path, FolderDir folder, FolderFile file) {
		super(view, path);
		this.folder = folder;
		this.file = file;
	}

	@Override
	public boolean isFile() {
		return true;
	}

	@Override
	public boolean isRemovable() {
		return true;
	}

	@Override
	public long getSize() {
		return this.file.size();
	}

	@Override
	public long getLastModified() {
		return this.file.internalDate().toEpochMilli();
	}

	@Override
	FolderDir uploadFolder() {
		// An upload under an existing message's name is a new message all the same.
		return this.folder;
	}

	@Override
	public InputStream createInputStream(long offset) throws IOException {
		InputStream raw = this.view.mailboxes()
			.messageStore()
			.openRaw(this.view.userId(), this.file.id())
			.orElseThrow(() -> new IOException("The message is gone"));
		return skip(raw, offset);
	}

	@Override
	public boolean delete() {
		return this.view.mailboxes().messageService().delete(this.view.userId(), List.of(this.file.id())) > 0;
	}

	/**
	 * Moves the message into the folder named by the destination: the folder itself, or a
	 * new name inside it (the message takes its new folder's next UID, so its name
	 * changes anyway).
	 */
	@Override
	public boolean move(FtpFile destination) {
		FolderDir target = null;
		if (destination instanceof FolderDir directory) {
			target = directory;
		}
		else if (destination instanceof Missing missing && missing.parent() instanceof FolderDir directory) {
			target = directory;
		}
		if (target == null || target.id() == this.folder.id()) {
			return false;
		}
		try {
			return this.view.mailboxes()
				.messageService()
				.move(this.view.userId(), List.of(this.file.id()), target.id()) > 0;
		}
		catch (MailboxException ex) {
			return false;
		}
	}

}
