package dev.mailroom.ftp;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mailbox.Folder;

/** {@code /}: a user's top-level mail folders and {@code pub}; for anonymous only pub. */
final class Root extends Node {

	Root(MailView view) {
		super(view, "/");
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
		if (name.equals(MailView.PUB)) {
			return PubNode.root(this.view);
		}
		if (this.view.account().isAnonymous()) {
			return new Missing(this.view, MailView.join("/", name), null);
		}
		for (Folder folder : this.view.folders()) {
			if (folder.parentId() == null && folder.name().equals(name)) {
				return new FolderDir(this.view, MailView.join("/", name), folder);
			}
		}
		return new Missing(this.view, MailView.join("/", name), this);
	}

	@Override
	public List<Node> listFiles() {
		List<Node> children = new ArrayList<>();
		if (!this.view.account().isAnonymous()) {
			for (Folder folder : this.view.folders()) {
				if (folder.parentId() == null && FileNames.isAcceptable(folder.name())
						&& !this.view.isReserved(this, folder.name())) {
					children.add(new FolderDir(this.view, MailView.join("/", folder.name()), folder));
				}
			}
		}
		children.add(PubNode.root(this.view));
		return children;
	}

}
