package dev.mailroom.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.apache.ftpserver.ftplet.FtpFile;

/**
 * A file or directory of a user's FTP view. Everything is refused unless a kind of node
 * allows it: read-only, not removable, no children.
 */
abstract class Node implements FtpFile {

	final MailView view;

	private final String path;

	Node(MailView view, String path) {
		this.view = view;
		this.path = path;
	}

	/**
	 * The child of this directory with that name, existing or not; null when none can be.
	 */
	Node child(String name) {
		return new Missing(this.view, MailView.join(this.path, name), this);
	}

	/**
	 * The mail folder an upload to this path goes into, or null when none can be stored
	 * here.
	 */
	FolderDir uploadFolder() {
		return null;
	}

	@Override
	public String getAbsolutePath() {
		return this.path;
	}

	@Override
	public String getName() {
		int slash = this.path.lastIndexOf('/');
		return this.path.equals("/") ? "/" : this.path.substring(slash + 1);
	}

	@Override
	public boolean isHidden() {
		return false;
	}

	@Override
	public boolean isDirectory() {
		return false;
	}

	@Override
	public boolean isFile() {
		return false;
	}

	@Override
	public boolean doesExist() {
		return true;
	}

	@Override
	public boolean isReadable() {
		return doesExist();
	}

	@Override
	public boolean isWritable() {
		return false;
	}

	@Override
	public boolean isRemovable() {
		return false;
	}

	@Override
	public String getOwnerName() {
		return this.view.account().isAnonymous() ? "ftp" : "mail";
	}

	@Override
	public String getGroupName() {
		return getOwnerName();
	}

	@Override
	public int getLinkCount() {
		return isDirectory() ? 2 : 1;
	}

	@Override
	public long getLastModified() {
		return 0;
	}

	@Override
	public boolean setLastModified(long time) {
		return false;
	}

	@Override
	public long getSize() {
		return 0;
	}

	@Override
	public Object getPhysicalFile() {
		return null;
	}

	@Override
	public boolean mkdir() {
		return false;
	}

	@Override
	public boolean delete() {
		return false;
	}

	@Override
	public boolean move(FtpFile destination) {
		return false;
	}

	@Override
	public List<? extends FtpFile> listFiles() {
		return null;
	}

	@Override
	public OutputStream createOutputStream(long offset) throws IOException {
		throw new IOException("Not writable: " + this.path);
	}

	@Override
	public InputStream createInputStream(long offset) throws IOException {
		throw new IOException("Not readable: " + this.path);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " " + this.path;
	}

	/** Skips {@code offset} bytes (a REST before RETR). */
	static InputStream skip(InputStream in, long offset) throws IOException {
		if (offset > 0) {
			long skipped = in.skip(offset);
			if (skipped < offset) {
				in.skipNBytes(Math.max(0, offset - skipped));
			}
		}
		return in;
	}

}
