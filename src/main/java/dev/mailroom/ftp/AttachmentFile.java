package dev.mailroom.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.mailroom.mailbox.FolderFile;
import dev.mailroom.mime.MimePart;

/**
 * One attachment of a message, decoded, read-only. Its content is decoded into a spool
 * file when it is downloaded (the MIME parser writes, FTP reads), which is removed when
 * the download ends.
 */
final class AttachmentFile extends Node {

	private final FolderFile message;

	private final MimePart part;

	private long size = -1;

	AttachmentFile(MailView view, String path, FolderFile message, MimePart part) {
		super(view, path);
		this.message = message;
		this.part = part;
	}

	@Override
	public boolean isFile() {
		return true;
	}

	@Override
	public long getLastModified() {
		return this.message.internalDate().toEpochMilli();
	}

	@Override
	public long getSize() {
		if (this.part.size() >= 0) {
			return this.part.size();
		}
		if (this.size < 0) {
			// A forwarded message: its size is known only by decoding it.
			try (CountingOutputStream counter = new CountingOutputStream()) {
				copyTo(counter);
				this.size = counter.count;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.size;
	}

	@Override
	public InputStream createInputStream(long offset) throws IOException {
		Path spool = this.view.mailboxes().spoolDir();
		Files.createDirectories(spool);
		Path file = Files.createTempFile(spool, "attachment", ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(file)) {
				copyTo(out);
			}
			return skip(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE), offset);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
	}

	private void copyTo(OutputStream out) throws IOException {
		InputStream raw = this.view.mailboxes()
			.messageStore()
			.openRaw(this.view.userId(), this.message.id())
			.orElseThrow(() -> new IOException("The message is gone"));
		try (InputStream in = raw) {
			if (!this.view.mailboxes().parser().copyPart(in, this.part.path(), out)) {
				throw new IOException("The attachment is gone");
			}
		}
	}

	private static final class CountingOutputStream extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.count += length;
		}

	}

}
