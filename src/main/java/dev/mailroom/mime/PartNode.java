package dev.mailroom.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A part of the body tree while it is being parsed. */
final class PartNode {

	final PartNode parent;

	/** Root of the message inside a message/rfc822 part. */
	final boolean embeddedRoot;

	/** Whether this part belongs to a message/rfc822 part's message. */
	final boolean embedded;

	final int depth;

	final int index;

	final List<PartNode> children = new ArrayList<>();

	int childCount;

	String path;

	String rawContentType;

	String rawDisposition;

	String rawContentId;

	String subject;

	String contentType = "text/plain";

	String charsetLabel;

	String relatedStart;

	String charset;

	String disposition;

	String filename;

	String contentId;

	long size = -1;

	String text;

	boolean truncated;

	/** Too deep to parse further: its content was skipped as one body. */
	boolean flattened;

	PartNode(PartNode parent, boolean embeddedRoot, int index) {
		this.parent = parent;
		this.embeddedRoot = embeddedRoot;
		this.embedded = embeddedRoot || (parent != null && parent.embedded);
		this.depth = (parent != null) ? parent.depth + 1 : 0;
		this.index = index;
	}

	boolean isMultipart() {
		return this.contentType.startsWith("multipart/");
	}

	boolean isMessage() {
		return this.contentType.equals("message/rfc822");
	}

	boolean isText() {
		return this.contentType.equals("text/plain") || this.contentType.equals("text/html");
	}

	boolean isAttachment() {
		return MimePart.isAttachment(this.contentType, this.disposition, this.filename, this.contentId);
	}

	/** Children's paths are this prefix plus their index. */
	String childPrefix() {
		if (this.parent == null && this.isMultipart()) {
			return "";
		}
		if (this.embeddedRoot && this.isMultipart()) {
			return this.parent.path + ".";
		}
		return this.path + ".";
	}

	/** Reads the Content-* headers once the header block is complete. */
	void resolveHeaders() {
		Headers.ContentHeader type = Headers.parseContentHeader(this.rawContentType);
		String value = type.value();
		int slash = value.indexOf('/');
		boolean valid = slash > 0 && slash < value.length() - 1 && value.indexOf(' ') < 0;
		// Same rule as mime4j, which decides the structure: a multipart without
		// a boundary is not parsed as one, and an invalid type means the
		// default (RFC 2045 5.2).
		if (valid && !(value.startsWith("multipart/") && type.parameter("boundary") == null)) {
			this.contentType = value;
		}
		else if (this.parent != null && this.parent.contentType.equals("multipart/digest")) {
			this.contentType = "message/rfc822";
		}
		else {
			this.contentType = "text/plain";
		}
		this.charsetLabel = type.parameter("charset");
		this.relatedStart = stripAngles(type.parameter("start"));
		Headers.ContentHeader disposition = Headers.parseContentHeader(this.rawDisposition);
		if (this.rawDisposition != null && !disposition.value().isEmpty()) {
			// RFC 2183 2.8: an unknown disposition type is treated as attachment.
			this.disposition = disposition.value().equals("inline") ? "inline" : "attachment";
		}
		this.filename = Headers.fileName(disposition.parameter("filename"));
		if (this.filename == null) {
			this.filename = Headers.fileName(type.parameter("name"));
		}
		this.contentId = stripAngles(this.rawContentId);
		if (this.disposition == null && isRelatedResource()) {
			this.disposition = "inline";
		}
	}

	/**
	 * A part of a multipart/related other than its root (RFC 2387: the start part, else
	 * the first).
	 */
	private boolean isRelatedResource() {
		if (this.parent == null || !this.parent.contentType.equals("multipart/related")) {
			return false;
		}
		if (this.parent.relatedStart != null) {
			return !this.parent.relatedStart.equals(this.contentId);
		}
		return this.index > 1;
	}

	static String stripAngles(String value) {
		if (value == null) {
			return null;
		}
		String id = value.trim();
		if (id.startsWith("<")) {
			id = id.substring(1);
		}
		int end = id.indexOf('>');
		if (end >= 0) {
			id = id.substring(0, end);
		}
		id = id.trim();
		return id.isEmpty() ? null : id;
	}

	/** Gmail and Thunderbird name a forwarded message after its subject. */
	static String messageFileName(String subject) {
		String name = subject.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").trim();
		if (name.length() > 100) {
			name = name.substring(0, 100);
		}
		return name.isEmpty() ? null : name + ".eml";
	}

	MimePart toPart() {
		List<MimePart> parts = new ArrayList<>(this.children.size());
		for (PartNode child : this.children) {
			parts.add(child.toPart());
		}
		String type = this.contentType.toLowerCase(Locale.ROOT);
		return new MimePart((this.path != null) ? this.path : "", type, this.charset, this.disposition, this.filename,
				this.contentId, this.size, this.text, this.truncated, parts);
	}

}
