package dev.mailroom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.MimePart;
import dev.mailroom.mime.ParsedMessage;

import org.springframework.stereotype.Component;

/**
 * A user's message opened for display: parsed once, with the part to show as the body,
 * the attachments and the inline images an HTML body refers to by {@code cid:}.
 */
@Component
class MessageContent {

	/** What a message shows. */
	record Display(ParsedMessage parsed, MimePart body, List<MimePart> attachments, Map<String, MimePart> inline) {

		boolean isHtml() {
			return this.body != null && this.body.contentType().equals("text/html");
		}

	}

	private final MessageStore store;

	private final MimeParser parser = new MimeParser();

	MessageContent(MessageStore store) {
		this.store = store;
	}

	/**
	 * The message of this user, parsed; empty when there is no such message of theirs.
	 */
	Optional<Display> open(long userId, long messageId) {
		return this.store.openRaw(userId, messageId).map((raw) -> {
			try (InputStream in = raw) {
				ParsedMessage parsed = this.parser.parse(in);
				List<MimePart> attachments = new ArrayList<>();
				Map<String, MimePart> inline = new LinkedHashMap<>();
				collect(parsed.body(), attachments, inline);
				return new Display(parsed, displayBody(parsed.body()), attachments, inline);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** Streams one part's decoded content; false when the message or part is missing. */
	boolean copyPart(long userId, long messageId, String path, OutputStream out) {
		return this.store.openRaw(userId, messageId).map((raw) -> {
			try (InputStream in = raw) {
				return this.parser.copyPart(in, path, out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).orElse(false);
	}

	/**
	 * The part a mail client shows as the body: in a multipart/alternative the richest
	 * (HTML over plain text), in a multipart/related its root, in a multipart/mixed its
	 * first displayable part.
	 */
	static MimePart displayBody(MimePart part) {
		String type = part.contentType();
		if (type.equals("multipart/alternative")) {
			MimePart best = null;
			for (MimePart child : part.children()) {
				MimePart candidate = displayBody(child);
				if (candidate != null && (best == null || candidate.contentType().equals("text/html"))) {
					best = candidate;
				}
			}
			return best;
		}
		if (type.startsWith("multipart/")) {
			for (MimePart child : part.children()) {
				if (child.isAttachment()) {
					continue;
				}
				MimePart candidate = displayBody(child);
				if (candidate != null) {
					return candidate;
				}
			}
			return null;
		}
		if ((type.equals("text/plain") || type.equals("text/html")) && !part.isAttachment()) {
			return part;
		}
		return null;
	}

	private static void collect(MimePart part, List<MimePart> attachments, Map<String, MimePart> inline) {
		if (part.isAttachment()) {
			attachments.add(part);
			// A forwarded message is one attachment; its own parts are not listed.
			return;
		}
		if (part.contentId() != null && part.contentType().startsWith("image/")) {
			inline.put(part.contentId().toLowerCase(Locale.ROOT), part);
		}
		part.children().forEach((child) -> collect(child, attachments, inline));
	}

}
