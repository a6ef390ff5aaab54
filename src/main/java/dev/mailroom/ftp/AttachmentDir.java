package dev.mailroom.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mailroom.mailbox.FolderFile;
import dev.mailroom.mime.MimePart;

/**
 * {@code <folder>/attachments}: every attachment of every message of the folder as a
 * read-only file named {@code <date>_<uid>_<n>_<file name>}, so that a client can fetch
 * all the PDFs of a folder at once.
 */
final class AttachmentDir extends Node {

	/**
	 * One attachment of a message.
	 *
	 * @param index its number among the message's attachments, from 1
	 * @param part the MIME part (path, file name, decoded size)
	 */
	record Entry(int index, MimePart part) {
	}

	private final FolderDir folder;

	AttachmentDir(MailView view, String path, FolderDir folder) {
		super(view, path);
		this.folder = folder;
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
	Node child(String name) {
		String path = MailView.join(getAbsolutePath(), name);
		long[] key = FileNames.attachmentKey(name);
		if (key != null) {
			FolderFile message = this.view.mailboxes()
				.folderFiles()
				.find(this.view.userId(), this.folder.id(), key[0])
				.orElse(null);
			if (message != null && message.hasAttachments()) {
				for (Entry entry : entries(message)) {
					AttachmentFile file = file(message, entry);
					if (entry.index() == key[1] && file.getName().equals(name)) {
						return file;
					}
				}
			}
		}
		return new Missing(this.view, path, this);
	}

	@Override
	public List<Node> listFiles() {
		List<Node> files = new ArrayList<>();
		for (FolderFile message : this.folder.messages()) {
			if (message.hasAttachments()) {
				for (Entry entry : entries(message)) {
					files.add(file(message, entry));
				}
			}
		}
		return files;
	}

	private AttachmentFile file(FolderFile message, Entry entry) {
		String name = FileNames.attachment(message.internalDate(), message.uid(), entry.index(),
				entry.part().filename());
		return new AttachmentFile(this.view, MailView.join(getAbsolutePath(), name), message, entry.part());
	}

	/** The message's attachments, parsed once per session and kept for a while. */
	private List<Entry> entries(FolderFile message) {
		Map<Long, List<Entry>> cache = this.view.attachmentCache();
		synchronized (cache) {
			List<Entry> cached = cache.get(message.contentId());
			if (cached != null) {
				return cached;
			}
		}
		List<Entry> entries = new ArrayList<>();
		InputStream raw = this.view.mailboxes().messageStore().openRaw(this.view.userId(), message.id()).orElse(null);
		if (raw != null) {
			try (InputStream in = raw) {
				collect(this.view.mailboxes().parser().parse(in).body(), entries);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		synchronized (cache) {
			cache.put(message.contentId(), List.copyOf(entries));
		}
		return entries;
	}

	private static void collect(MimePart part, List<Entry> entries) {
		if (part.isAttachment()) {
			entries.add(new Entry(entries.size() + 1, part));
			// A forwarded message is one attachment; its own parts are not listed.
			return;
		}
		part.children().forEach((child) -> collect(child, entries));
	}

}
