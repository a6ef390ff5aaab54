package dev.mailroom.ftp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.MailboxException;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * One logged-in user's FTP view: {@code /} holds their top-level mail folders and
 * {@code pub}; anonymous users see only {@code /pub}. Paths are resolved here and nowhere
 * else: {@code ..} above the root, NUL and line breaks are refused, absolute paths start
 * at the view's root, so no path leaves the view.
 */
final class MailView implements FileSystemView {

	/** The directory of the published files, in the root of every view. */
	static final String PUB = "pub";

	/** The read-only directory of attachments in every mail folder. */
	static final String ATTACHMENTS = "attachments";

	private static final int CACHED_ATTACHMENT_LISTS = 256;

	private final FtpAccount account;

	private final FtpMailboxes mailboxes;

	private String cwd;

	/** Attachments of recently listed messages, by content id. */
	private final Map<Long, List<AttachmentDir.Entry>> attachmentCache = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, List<AttachmentDir.Entry>> eldest) {
			return size() > CACHED_ATTACHMENT_LISTS;
		}

	};

	MailView(FtpAccount account, FtpMailboxes mailboxes) {
		this.account = account;
		this.mailboxes = mailboxes;
		this.cwd = account.getHomeDirectory();
	}

	FtpAccount account() {
		return this.account;
	}

	FtpMailboxes mailboxes() {
		return this.mailboxes;
	}

	long userId() {
		if (this.account.isAnonymous()) {
			throw new IllegalStateException("Anonymous users have no mail");
		}
		return this.account.userId();
	}

	Map<Long, List<AttachmentDir.Entry>> attachmentCache() {
		return this.attachmentCache;
	}

	@Override
	public FtpFile getHomeDirectory() {
		return resolve(this.account.getHomeDirectory());
	}

	@Override
	public FtpFile getWorkingDirectory() {
		Node node = resolve(this.cwd);
		if (node == null || !node.isDirectory()) {
			// The folder went away (deleted in the webmail): back to the home directory.
			this.cwd = this.account.getHomeDirectory();
			node = resolve(this.cwd);
		}
		return node;
	}

	@Override
	public boolean changeWorkingDirectory(String dir) {
		String path = normalize(this.cwd, dir);
		if (path == null) {
			return false;
		}
		Node node = resolve(path);
		if (node == null || !node.doesExist() || !node.isDirectory()) {
			return false;
		}
		this.cwd = path;
		return true;
	}

	@Override
	public FtpFile getFile(String file) {
		String path = normalize(this.cwd, file);
		return (path != null) ? resolve(path) : null;
	}

	@Override
	public boolean isRandomAccessible() {
		return true;
	}

	@Override
	public void dispose() {
		synchronized (this.attachmentCache) {
			this.attachmentCache.clear();
		}
	}

	/**
	 * The absolute, normalized path {@code argument} names seen from {@code cwd}, or null
	 * when it is not acceptable: a NUL, CR or LF anywhere, or {@code ..} above the root.
	 * Absolute paths start at the view's root; {@code .} and empty segments are dropped.
	 */
	static String normalize(String cwd, String argument) {
		String given = (argument == null) ? "" : argument;
		if (given.indexOf('\0') >= 0 || given.indexOf('\r') >= 0 || given.indexOf('\n') >= 0) {
			return null;
		}
		List<String> segments = new ArrayList<>();
		if (!given.startsWith("/")) {
			for (String segment : cwd.split("/")) {
				if (!segment.isEmpty()) {
					segments.add(segment);
				}
			}
		}
		for (String segment : given.split("/")) {
			if (segment.isEmpty() || segment.equals(".")) {
				continue;
			}
			if (segment.equals("..")) {
				if (segments.isEmpty()) {
					return null;
				}
				segments.remove(segments.size() - 1);
				continue;
			}
			segments.add(segment);
		}
		return "/" + String.join("/", segments);
	}

	static String join(String directory, String name) {
		return directory.equals("/") ? "/" + name : directory + "/" + name;
	}

	/** The node at a normalized absolute path. */
	Node resolve(String path) {
		Node node = new Root(this);
		Node parent = null;
		for (String segment : path.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			if (node == null || !node.doesExist() || !node.isDirectory()) {
				// Below something that is no directory: nothing is or can be there.
				return new Missing(this, path, null);
			}
			parent = node;
			node = node.child(segment);
		}
		return (node != null) ? node : new Missing(this, path, parent);
	}

	/** The user's folders, as they are now. */
	List<Folder> folders() {
		return this.mailboxes.mailboxService().listFolders(userId());
	}

	/**
	 * Whether {@code name} is taken by the view itself in that directory: {@code pub} at
	 * the root, {@code attachments} in a mail folder. A mail folder of that name (made in
	 * the webmail or over IMAP) is not shown over FTP.
	 */
	boolean isReserved(Node directory, String name) {
		return (directory instanceof Root && name.equals(PUB))
				|| (directory instanceof FolderDir && name.equals(ATTACHMENTS));
	}

	boolean createFolder(Long parentId, String name) {
		try {
			this.mailboxes.mailboxService().createFolder(userId(), parentId, name);
			return true;
		}
		catch (MailboxException ex) {
			return false;
		}
	}

}
