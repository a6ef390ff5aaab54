package dev.mailroom.ftp;

import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;

/** Gives every FTP login its own {@link MailView}. */
final class MailFileSystem implements FileSystemFactory {

	private final FtpMailboxes mailboxes;

	MailFileSystem(FtpMailboxes mailboxes) {
		this.mailboxes = mailboxes;
	}

	@Override
	public FileSystemView createFileSystemView(User user) throws FtpException {
		if (!(user instanceof FtpAccount account)) {
			throw new FtpException("Unknown user");
		}
		return new MailView(account, this.mailboxes);
	}

}
