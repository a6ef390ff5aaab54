package dev.mailroom.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /pub} and what is below it: the administrator's published files, read-only for
 * everybody. Symbolic links are neither listed nor followed, nor are devices, sockets and
 * pipes, so nothing outside the published directory can be reached.
 */
final class PubNode extends Node {

	private final Path file;

	private final BasicFileAttributes attributes;

	private PubNode(MailView view, String path, Path file, BasicFileAttributes attributes) {
		super(view, path);
		this.file = file;
		this.attributes = attributes;
	}

	/** {@code /pub}; an empty directory when the published directory does not exist. */
	static PubNode root(MailView view) {
		Path root = view.mailboxes().pubRoot();
		return new PubNode(view, "/" + MailView.PUB, root, (root != null) ? attributes(root) : null);
	}

	/** The attributes of a regular file or directory that is no link, else null. */
	private static BasicFileAttributes attributes(Path path) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			return (attributes.isRegularFile() || attributes.isDirectory()) ? attributes : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private boolean isRoot() {
		return getAbsolutePath().equals("/" + MailView.PUB);
	}

	@Override
	public boolean isDirectory() {
		return isRoot() || (this.attributes != null && this.attributes.isDirectory());
	}

	@Override
	public boolean isFile() {
		return this.attributes != null && this.attributes.isRegularFile();
	}

	@Override
	public long getSize() {
		return isFile() ? this.attributes.size() : 0;
	}

	@Override
	public long getLastModified() {
		return (this.attributes != null) ? this.attributes.lastModifiedTime().toMillis() : 0;
	}

	@Override
	Node child(String name) {
		String path = MailView.join(getAbsolutePath(), name);
		if (this.attributes == null || !this.attributes.isDirectory() || !FileNames.isAcceptable(name)
				|| name.indexOf('\\') >= 0) {
			return new Missing(this.view, path, this);
		}
		Path child = this.file.resolve(name);
		if (!this.file.equals(child.getParent())) {
			return new Missing(this.view, path, this);
		}
		BasicFileAttributes childAttributes = attributes(child);
		return (childAttributes != null) ? new PubNode(this.view, path, child, childAttributes)
				: new Missing(this.view, path, this);
	}

	@Override
	public List<Node> listFiles() {
		List<Node> children = new ArrayList<>();
		if (this.attributes == null || !this.attributes.isDirectory()) {
			return children;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.file)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				BasicFileAttributes entryAttributes = attributes(entry);
				if (entryAttributes != null && FileNames.isAcceptable(name)) {
					children
						.add(new PubNode(this.view, MailView.join(getAbsolutePath(), name), entry, entryAttributes));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		children.sort(Comparator.comparing(Node::getName));
		return children;
	}

	@Override
	public InputStream createInputStream(long offset) throws IOException {
		if (!isFile()) {
			throw new IOException("Not a file");
		}
		FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
		channel.position(offset);
		return Channels.newInputStream(channel);
	}

}
