package dev.mailroom.api;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mime.MimePart;

/**
 * Which parts of a parsed message are its text and HTML bodies and which are attachments,
 * by the rules mail clients follow (the webmail's display rules): in a
 * multipart/alternative each alternative, in a multipart/related its root, in a
 * multipart/mixed its first displayable part; attachments are the parts
 * {@link MimePart#isAttachment()} says are (a forwarded message counts as one), then the
 * inline images an HTML body refers to by {@code cid:}, in the order of the message.
 */
final class MessageBodies {

	private MessageBodies() {
	}

	/** The first body part of this type, or null. */
	static MimePart body(MimePart part, String type) {
		if (part.isAttachment()) {
			return null;
		}
		String contentType = part.contentType();
		if (contentType.equals("multipart/alternative")) {
			for (MimePart child : part.children()) {
				MimePart found = body(child, type);
				if (found != null) {
					return found;
				}
			}
			return null;
		}
		if (contentType.startsWith("multipart/")) {
			for (MimePart child : part.children()) {
				if (!child.isAttachment()) {
					return body(child, type);
				}
			}
			return null;
		}
		return contentType.equals(type) ? part : null;
	}

	/** Attachments first, then inline images; the index in this list is the API's n. */
	static List<MimePart> attachments(MimePart root) {
		List<MimePart> attachments = new ArrayList<>();
		List<MimePart> inline = new ArrayList<>();
		collect(root, attachments, inline);
		attachments.addAll(inline);
		return attachments;
	}

	private static void collect(MimePart part, List<MimePart> attachments, List<MimePart> inline) {
		if (part.isAttachment()) {
			attachments.add(part);
			return;
		}
		if (part.contentId() != null && part.children().isEmpty() && part.contentType().startsWith("image/")) {
			inline.add(part);
		}
		part.children().forEach((child) -> collect(child, attachments, inline));
	}

}
