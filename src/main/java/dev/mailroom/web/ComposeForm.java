package dev.mailroom.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/**
 * What the compose page posts. Addresses are comma-separated lists as typed
 * ({@code Name <a@b>, c@d}). {@code draftId} is the saved draft this page edits (null
 * until it is first saved), and {@code keep} the indexes of that draft's attachments the
 * user kept; new files come in {@code files}.
 */
class ComposeForm {

	private String from;

	private String to = "";

	private String cc = "";

	private String bcc = "";

	private String subject = "";

	private String text = "";

	private String html;

	private String inReplyTo;

	private String references;

	private Long replyTo;

	private Long forwardAttached;

	private Long draftId;

	private Long forwardFrom;

	private List<Integer> keep = new ArrayList<>();

	private List<MultipartFile> files = new ArrayList<>();

	public String getFrom() {
		return this.from;
	}

	public void setFrom(String from) {
		this.from = from;
	}

	public String getTo() {
		return this.to;
	}

	public void setTo(String to) {
		this.to = to;
	}

	public String getCc() {
		return this.cc;
	}

	public void setCc(String cc) {
		this.cc = cc;
	}

	public String getBcc() {
		return this.bcc;
	}

	public void setBcc(String bcc) {
		this.bcc = bcc;
	}

	public String getSubject() {
		return this.subject;
	}

	public void setSubject(String subject) {
		this.subject = subject;
	}

	public String getText() {
		return this.text;
	}

	public void setText(String text) {
		this.text = text;
	}

	public String getHtml() {
		return this.html;
	}

	public void setHtml(String html) {
		this.html = html;
	}

	public String getInReplyTo() {
		return this.inReplyTo;
	}

	public void setInReplyTo(String inReplyTo) {
		this.inReplyTo = inReplyTo;
	}

	public String getReferences() {
		return this.references;
	}

	public void setReferences(String references) {
		this.references = references;
	}

	public Long getReplyTo() {
		return this.replyTo;
	}

	public void setReplyTo(Long replyTo) {
		this.replyTo = replyTo;
	}

	public Long getForwardAttached() {
		return this.forwardAttached;
	}

	public void setForwardAttached(Long forwardAttached) {
		this.forwardAttached = forwardAttached;
	}

	public Long getDraftId() {
		return this.draftId;
	}

	public void setDraftId(Long draftId) {
		this.draftId = draftId;
	}

	public Long getForwardFrom() {
		return this.forwardFrom;
	}

	public void setForwardFrom(Long forwardFrom) {
		this.forwardFrom = forwardFrom;
	}

	public List<Integer> getKeep() {
		return this.keep;
	}

	public void setKeep(List<Integer> keep) {
		this.keep = (keep != null) ? keep : new ArrayList<>();
	}

	public List<MultipartFile> getFiles() {
		return this.files;
	}

	public void setFiles(List<MultipartFile> files) {
		this.files = (files != null) ? files : new ArrayList<>();
	}

}
