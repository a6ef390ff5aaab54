package dev.mailroom.mailbox;

import java.util.List;

import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MessageSummary;
import dev.mailroom.mime.MimePart;
import dev.mailroom.mime.ParsedMessage;
import org.jsoup.Jsoup;

/**
 * What the search index keeps of one message: the lexemes and pair keys of its fields
 * (see {@link SearchText}). The normalised text itself is not stored.
 *
 * @param subject the subject, normalised
 * @param sender the From names and addresses, normalised
 * @param recipients the To and Cc names and addresses, normalised
 * @param body the body text, normalised and capped
 * @param lexemes the tsvector's lexemes, space-separated (none contains a space)
 * @param pairs the pair keys of neighbouring words
 */
record SearchDocument(String subject, String sender, String recipients, String body, String lexemes, Integer[] pairs) {

	static final SearchDocument EMPTY = new SearchDocument("", "", "", "", "", new Integer[0]);

	static final int MAX_SUBJECT_CHARS = 2_000;

	static final int MAX_ADDRESS_CHARS = 4_000;

	/** HTML read per part: enough for the text cap after markup and style blocks. */
	static final int MAX_HTML_CHARS = 512 * 1024;

	/**
	 * The document of a parsed message.
	 * @param maxBodyChars how much body text to keep and index
	 */
	static SearchDocument of(ParsedMessage message, int maxBodyChars) {
		MessageSummary summary = message.summary();
		String subject = SearchText.normalize(summary.subject(), MAX_SUBJECT_CHARS);
		String sender = SearchText.normalize(addresses(summary.from(), List.of()), MAX_ADDRESS_CHARS);
		String recipients = SearchText.normalize(addresses(summary.to(), summary.cc()), MAX_ADDRESS_CHARS);
		StringBuilder raw = new StringBuilder();
		appendText(message.body(), raw, maxBodyChars);
		String body = SearchText.normalize(raw.toString(), maxBodyChars);

		SearchText.Keys keys = new SearchText.Keys();
		boolean room = keys.add(subject, SearchText.SUBJECT) && keys.add(sender, SearchText.FROM)
				&& keys.add(recipients, SearchText.TO) && keys.add(subject, "") && keys.add(sender, "");
		if (room) {
			keys.add(body, "");
		}
		return new SearchDocument(subject, sender, recipients, body, String.join(" ", keys.lexemes),
				keys.pairs.stream().sorted().toArray(Integer[]::new));
	}

	private static String addresses(List<Mailbox> first, List<Mailbox> second) {
		StringBuilder text = new StringBuilder();
		for (List<Mailbox> list : List.of(first, second)) {
			for (Mailbox mailbox : list) {
				if (mailbox.name() != null) {
					text.append(mailbox.name()).append(' ');
				}
				if (mailbox.address() != null) {
					text.append(mailbox.address()).append(' ');
				}
			}
		}
		return text.toString();
	}

	/**
	 * The readable text of a part: text parts that are not attachments (HTML without its
	 * markup), one alternative of a multipart/alternative (plain text when there is one),
	 * and the file names of attachments.
	 */
	private static void appendText(MimePart part, StringBuilder out, int max) {
		if (out.length() >= max) {
			return;
		}
		if (part.filename() != null && part.isAttachment()) {
			out.append(part.filename()).append('\n');
		}
		if (part.contentType().equals("multipart/alternative") && !part.children().isEmpty()) {
			appendText(preferredAlternative(part.children()), out, max);
			return;
		}
		if (!part.children().isEmpty()) {
			for (MimePart child : part.children()) {
				appendText(child, out, max);
			}
			return;
		}
		if (part.text() == null || part.isAttachment()) {
			return;
		}
		String text = part.text();
		if (part.contentType().equals("text/html")) {
			text = Jsoup.parse(text.substring(0, Math.min(text.length(), MAX_HTML_CHARS))).text();
		}
		out.append(text, 0, Math.min(text.length(), max - out.length())).append('\n');
	}

	private static MimePart preferredAlternative(List<MimePart> alternatives) {
		for (MimePart alternative : alternatives) {
			if (alternative.contentType().equals("text/plain") && alternative.text() != null
					&& !alternative.text().isBlank()) {
				return alternative;
			}
		}
		return alternatives.get(alternatives.size() - 1);
	}

}
