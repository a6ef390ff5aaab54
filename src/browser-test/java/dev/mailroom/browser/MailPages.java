package dev.mailroom.browser;

import org.openqa.selenium.By;

/**
 * What the browser tests look for on the webmail's pages ({@code templates/mail/*.html},
 * {@code templates/fragments.html}), in one place, as {@link LoginPage} does for signing
 * in.
 */
final class MailPages {

	// --- every mailbox page
	// -------------------------------------------------------------

	static final By COMPOSE_BUTTON = By.cssSelector(".sidebar .compose-button");

	static final By MANAGE_FOLDERS = By.cssSelector(".sidebar a.manage");

	/** Flash messages after an action ({@code notice.*}). */
	static final By NOTICE = By.cssSelector(".notices .notice");

	/** A folder's link in the sidebar. */
	static By folderLink(long folderId) {
		return By.cssSelector(".folders a[data-folder='" + folderId + "']");
	}

	/** A folder's unread count in the sidebar. */
	static By unreadCount(long folderId) {
		return By.cssSelector(".folders a[data-folder='" + folderId + "'] .count");
	}

	// --- folder lists
	// -------------------------------------------------------------------

	static final By ROWS = By.cssSelector(".messages .message-row");

	static final By EMPTY_LIST = By.cssSelector("p.empty");

	static final By NEW_MAIL_BANNER = By.cssSelector(".new-mail");

	static final By EMPTY_TRASH = By.cssSelector("form[action$='/mail/trash/empty'] button");

	/** The list row of a message. */
	static By row(long messageId) {
		return By.cssSelector(".message-row[data-id='" + messageId + "']");
	}

	/** The check box that selects a message in the list. */
	static By checkbox(long messageId) {
		return By.cssSelector(".message-row[data-id='" + messageId + "'] input[name='id']");
	}

	/** A button of the list's (or the message page's) toolbar, by its action. */
	static By action(String action) {
		return By.cssSelector(".toolbar button[name='action'][value='" + action + "']");
	}

	static final By MOVE_TARGET = By.id("move-target");

	// --- a message
	// ----------------------------------------------------------------------

	static final By SUBJECT = By.id("subject");

	static final By FROM = By.cssSelector(".headers dd.from");

	static final By BODY_FRAME = By.cssSelector("iframe.body-frame");

	static final By ATTACHMENT = By.cssSelector(".attachments a.attachment");

	static final By REPLY = By.id("reply");

	// --- compose
	// ------------------------------------------------------------------------

	static final String COMPOSE_PATH = "/mail/compose";

	static final By TO = By.id("to");

	static final By CC = By.id("cc");

	static final By COMPOSE_SUBJECT = By.id("subject");

	static final By TEXT = By.id("text");

	static final By FILES = By.id("files");

	static final By SEND = By.id("send");

	// --- folders
	// ------------------------------------------------------------------------

	static final String FOLDERS_PATH = "/mail/folders";

	static final By NEW_FOLDER_NAME = By.id("new-name");

	static final By CREATE_FOLDER = By.cssSelector("#new-folder button[type='submit']");

	// --- keyboard help
	// ------------------------------------------------------------------

	static final By SHORTCUT_HELP = By.id("shortcut-help");

	private MailPages() {
	}

}
