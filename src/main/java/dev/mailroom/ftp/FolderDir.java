package dev.mailroom.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.FolderFile;
import dev.mailroom.mailbox.MailboxException;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * A mail folder: its subfolders, an {@code attachments} directory, and its messages as
 * {@code .eml} files. Files uploaded here are imported as messages; user folders can be
 * renamed, moved and removed when empty, system folders cannot.
 */
final class FolderDir extends Node {

	private final Folder folder;

	FolderDir(MailView view, String path, Folder folder) {
		super(view, path);
		this.folder = folder;
	}

	long id() {
		return this.folder.id();
	}

	@Override
	public boolean isDirectory() {
		return true;
	}

	@Override
	public long getLastModified() {
		return System.currentTimeMillis();
	}

	@Override
	public boolean isWritable() {
		// Uploads and moves into it.
		return true;
	}

	@Override
	public boolean isRemovable() {
		return this.folder.role() == null;
	}

	@Override
	Node child(String name) {
		String path = MailView.join(getAbsolutePath(), name);
		if (name.equals(MailView.ATTACHMENTS)) {
			return new AttachmentDir(this.view, path, this);
		}
		for (Folder candidate : this.view.folders()) {
			if (Long.valueOf(this.folder.id()).equals(candidate.parentId()) && candidate.name().equals(name)) {
				return new FolderDir(this.view, path, candidate);
			}
		}
		OptionalLong uid = FileNames.messageUid(name);
		if (uid.isPresent()) {
			FolderFile file = this.view.mailboxes()
				.folderFiles()
				.find(this.view.userId(), this.folder.id(), uid.getAsLong())
				.orElse(null);
			if (file != null && FileNames.message(file).equals(name)) {
				return new MessageFile(this.view, path, this, file);
			}
		}
		return new Missing(this.view, path, this);
	}

	@Override
	public List<Node> listFiles() {
		List<Node> children = new ArrayList<>();
		for (Folder candidate : this.view.folders()) {
			if (Long.valueOf(this.folder.id()).equals(candidate.parentId()) && FileNames.isAcceptable(candidate.name())
					&& !this.view.isReserved(this, candidate.name())) {
				children.add(new FolderDir(this.view, MailView.join(getAbsolutePath(), candidate.name()), candidate));
			}
		}
		children.add(new AttachmentDir(this.view, MailView.join(getAbsolutePath(), MailView.ATTACHMENTS), this));
		for (FolderFile file : messages()) {
			children
				.add(new MessageFile(this.view, MailView.join(getAbsolutePath(), FileNames.message(file)), this, file));
		}
		return children;
	}

	List<FolderFile> messages() {
		return this.view.mailboxes().folderFiles().list(this.view.userId(), this.folder.id());
	}

	@Override
	FolderDir uploadFolder() {
		return null;
	}

	@Override
	public OutputStream createOutputStream(long offset) throws IOException {
		throw new IOException("A folder is not a file");
	}

	/** RMD: only an empty user folder, as with any FTP server's directories. */
	@Override
	public boolean delete() {
		if (!isRemovable()) {
			return false;
		}
		long userId = this.view.userId();
		boolean hasChildren = this.view.folders()
			.stream()
			.anyMatch((candidate) -> Long.valueOf(this.folder.id()).equals(candidate.parentId()));
		if (hasChildren || this.view.mailboxes().folderFiles().hasMessages(userId, this.folder.id())) {
			return false;
		}
		try {
			this.view.mailboxes().mailboxService().deleteFolder(userId, this.folder.id());
			return true;
		}
		catch (MailboxException ex) {
			return false;
		}
	}

	/** RNFR/RNTO: renames or moves a user folder to a new path where nothing is yet. */
	@Override
	public boolean move(FtpFile destination) {
		if (this.folder.role() != null || !(destination instanceof Missing target) || !target.isWritable()) {
			return false;
		}
		Long parentId;
		if (target.parent() instanceof FolderDir parent) {
			parentId = parent.id();
		}
		else if (target.parent() instanceof Root) {
			parentId = null;
		}
		else {
			return false;
		}
		try {
			this.view.mailboxes()
				.mailboxService()
				.renameFolder(this.view.userId(), this.folder.id(), parentId, target.getName());
			return true;
		}
		catch (MailboxException ex) {
			return false;
		}
	}

}
