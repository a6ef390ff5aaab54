package dev.mailroom.ftp;

import java.io.IOException;
import java.net.SocketException;

import dev.mailroom.mailbox.MailboxException;
import dev.mailroom.mailbox.StoredMessage;
import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOR (and STOU, APPE) into a mail folder: the uploaded file is imported as a new
 * message. The reply tells what happened: 226 with the new file's name, 552 when it is
 * larger than the largest message, 553 when it is no RFC 5322 message or cannot be stored
 * where it was sent; in every refusal nothing is stored.
 */
final class StorCommand extends AbstractCommand {

	private static final Logger log = LoggerFactory.getLogger(StorCommand.class);

	private final FtpMailboxes mailboxes;

	StorCommand(FtpMailboxes mailboxes) {
		this.mailboxes = mailboxes;
	}

	@Override
	public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
		try {
			store(session, request);
		}
		finally {
			session.resetState();
			session.getDataConnection().closeDataConnection();
		}
	}

	private void store(FtpIoSession session, FtpRequest request) throws IOException {
		String name = request.getArgument();
		boolean unique = request.getCommand().equals("STOU");
		if (name == null && unique) {
			// STOU without a name: store in the working directory.
			name = "upload.eml";
		}
		if (name == null) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS,
					"A file name is needed"));
			return;
		}
		if (session.getDataConnection() instanceof IODataConnectionFactory factory
				&& factory.getInetAddress() == null) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS,
					"PORT or PASV must be issued first"));
			return;
		}
		FtpFile file;
		try {
			file = session.getFileSystemView().getFile(name);
		}
		catch (Exception ex) {
			file = null;
		}
		FolderDir folder = (file instanceof Node node) ? node.uploadFolder() : null;
		if (folder == null || !(session.getUser() instanceof FtpAccount account) || account.isAnonymous()) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
					"Cannot store there: upload .eml files into a mail folder"));
			return;
		}
		if (session.getFileOffset() > 0 || request.getCommand().equals("APPE") && file.doesExist()) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
					"Messages cannot be appended to or resumed; upload the whole file again"));
			return;
		}
		session.write(new DefaultFtpReply(FtpReply.REPLY_150_FILE_STATUS_OKAY, "Ready to receive a message"))
			.awaitUninterruptibly(10000);
		DataConnection data;
		try {
			data = session.getDataConnection().openConnection();
		}
		catch (Exception ex) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION,
					"Cannot open the data connection"));
			return;
		}
		MessageUpload upload = new MessageUpload(this.mailboxes, account.userId(), folder.id());
		try {
			data.transferFromClient(session.getFtpletSession(), upload);
			StoredMessage stored = upload.finish();
			String storedName = this.mailboxes.folderFiles()
				.find(account.userId(), folder.id(), stored.uid())
				.map(FileNames::message)
				.orElse(String.valueOf(stored.uid()));
			session.write(new DefaultFtpReply(FtpReply.REPLY_226_CLOSING_DATA_CONNECTION,
					"Stored as " + MailView.join(folder.getAbsolutePath(), storedName)));
		}
		catch (MessageUpload.TooLargeException ex) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_552_REQUESTED_FILE_ACTION_ABORTED_EXCEEDED_STORAGE,
					ex.getMessage() + "; nothing stored"));
		}
		catch (MessageUpload.NotAMessageException ex) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
					ex.getMessage() + "; nothing stored"));
		}
		catch (MailboxException ex) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED,
					ex.getMessage() + "; nothing stored"));
		}
		catch (SocketException ex) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED,
					"Data connection lost; nothing stored"));
		}
		catch (IOException | RuntimeException ex) {
			log.warn("FTP upload into folder {} of user {} failed", folder.id(), account.userId(), ex);
			session.write(new DefaultFtpReply(FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
					"Could not store the message; nothing stored"));
		}
		finally {
			upload.discard();
		}
	}

}
