package dev.mailroom.ftp;

/**
 * A path where nothing is: a new folder (MKD) or an upload (STOR) may be made there when
 * its parent is the root or a mail folder of a logged-in user.
 */
final class Missing extends Node {

	private final Node parent;

	/**
	 * @param parent the existing directory it would be in, null when there is none
	 */
	Missing(MailView view, String path, Node parent) {
		super(view, path);
		this.parent = parent;
	}

	Node parent() {
		return this.parent;
	}

	@Override
	public boolean doesExist() {
		return false;
	}

	@Override
	public boolean isWritable() {
		return (this.parent instanceof Root || this.parent instanceof FolderDir) && !this.view.account().isAnonymous()
				&& FileNames.isAcceptable(getName()) && !this.view.isReserved(this.parent, getName());
	}

	@Override
	FolderDir uploadFolder() {
		return (this.parent instanceof FolderDir folder && isWritable()) ? folder : null;
	}

	@Override
	public boolean mkdir() {
		if (!isWritable()) {
			return false;
		}
		Long parentId = (this.parent instanceof FolderDir folder) ? folder.id() : null;
		return this.view.createFolder(parentId, getName());
	}

}
