package dev.mailroom.web;

import dev.mailroom.account.UserAccount;
import dev.mailroom.account.UserSettings;

/**
 * What the settings page posts. Numbers stay text until validated, so a typo is a message
 * next to its field rather than a conversion error.
 */
public class SettingsForm {

	private String displayName = "";

	private String signature = "";

	private String timeZone = "";

	private String browserTimeZone = "";

	private String language = "";

	private String pageSize = "";

	private String undoSendSeconds = "";

	static SettingsForm of(UserAccount account, UserSettings settings) {
		SettingsForm form = new SettingsForm();
		form.displayName = (account.displayName() != null) ? account.displayName() : "";
		form.signature = settings.signature();
		form.timeZone = (settings.timeZone() != null) ? settings.timeZone().getId() : "";
		form.language = (settings.language() != null) ? settings.language() : "";
		form.pageSize = Integer.toString(settings.pageSize());
		form.undoSendSeconds = Integer.toString(settings.undoSendSeconds());
		return form;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	public String getSignature() {
		return this.signature;
	}

	public void setSignature(String signature) {
		this.signature = signature;
	}

	public String getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(String timeZone) {
		this.timeZone = timeZone;
	}

	/** Filled by settings.js from the browser, used while no zone was ever chosen. */
	public String getBrowserTimeZone() {
		return this.browserTimeZone;
	}

	public void setBrowserTimeZone(String browserTimeZone) {
		this.browserTimeZone = browserTimeZone;
	}

	public String getLanguage() {
		return this.language;
	}

	public void setLanguage(String language) {
		this.language = language;
	}

	public String getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(String pageSize) {
		this.pageSize = pageSize;
	}

	public String getUndoSendSeconds() {
		return this.undoSendSeconds;
	}

	public void setUndoSendSeconds(String undoSendSeconds) {
		this.undoSendSeconds = undoSendSeconds;
	}

}
