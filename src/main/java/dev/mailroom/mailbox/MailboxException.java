package dev.mailroom.mailbox;

/** A mailbox change that cannot be made, with a reason a page or an API can show. */
public class MailboxException extends RuntimeException {

	public enum Reason {

		/** No such folder or message of this user (never "someone else's"). */
		NOT_FOUND,
		/** A folder of that name exists already at that place. */
		NAME_TAKEN,
		/** Empty, too long, or with a character a folder name cannot hold. */
		INVALID_NAME,
		/** System folders (INBOX, Sent, ...) cannot be renamed, moved or deleted. */
		SYSTEM_FOLDER,
		/** A folder cannot be moved into itself or one of its subfolders. */
		CYCLE

	}

	private final Reason reason;

	public MailboxException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
