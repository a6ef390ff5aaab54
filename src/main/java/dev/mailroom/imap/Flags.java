package dev.mailroom.imap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mailroom.mailbox.MessageFlags;

/**
 * System flags and keywords (RFC 3501 2.3.2) between their IMAP names and
 * {@link MessageFlags}. {@code \Recent} is not kept (IMAP4rev2 dropped it too): it is
 * accepted and ignored.
 */
final class Flags {

	static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

	private Flags() {
	}

	static String format(MessageFlags flags) {
		List<String> names = new ArrayList<>();
		if (flags.seen()) {
			names.add("\\Seen");
		}
		if (flags.answered()) {
			names.add("\\Answered");
		}
		if (flags.flagged()) {
			names.add("\\Flagged");
		}
		if (flags.deleted()) {
			names.add("\\Deleted");
		}
		if (flags.draft()) {
			names.add("\\Draft");
		}
		names.addAll(flags.keywords());
		return "(" + String.join(" ", names) + ")";
	}

	/** The flags named in a list, as a set of flags to add, remove or set. */
	static MessageFlags parse(List<String> names) {
		boolean seen = false;
		boolean answered = false;
		boolean flagged = false;
		boolean deleted = false;
		boolean draft = false;
		Set<String> keywords = new LinkedHashSet<>();
		for (String name : names) {
			if (name.startsWith("\\")) {
				switch (name.toLowerCase(Locale.ROOT)) {
					case "\\seen" -> seen = true;
					case "\\answered" -> answered = true;
					case "\\flagged" -> flagged = true;
					case "\\deleted" -> deleted = true;
					case "\\draft" -> draft = true;
					case "\\recent" -> {
					}
					default -> throw ImapException.bad("Unknown system flag " + name);
				}
			}
			else {
				if (name.length() > 100) {
					throw ImapException.bad("Keyword too long");
				}
				keywords.add(name);
			}
		}
		return new MessageFlags(seen, answered, flagged, deleted, draft, new ArrayList<>(keywords));
	}

	/** {@code current} with {@code given} added. */
	static MessageFlags add(MessageFlags current, MessageFlags given) {
		Set<String> keywords = new LinkedHashSet<>(current.keywords());
		for (String keyword : given.keywords()) {
			if (current.keywords().stream().noneMatch(keyword::equalsIgnoreCase)) {
				keywords.add(keyword);
			}
		}
		return new MessageFlags(current.seen() || given.seen(), current.answered() || given.answered(),
				current.flagged() || given.flagged(), current.deleted() || given.deleted(),
				current.draft() || given.draft(), new ArrayList<>(keywords));
	}

	/** {@code current} without {@code given}. */
	static MessageFlags remove(MessageFlags current, MessageFlags given) {
		List<String> keywords = current.keywords()
			.stream()
			.filter((keyword) -> given.keywords().stream().noneMatch(keyword::equalsIgnoreCase))
			.toList();
		return new MessageFlags(current.seen() && !given.seen(), current.answered() && !given.answered(),
				current.flagged() && !given.flagged(), current.deleted() && !given.deleted(),
				current.draft() && !given.draft(), keywords);
	}

	static boolean hasKeyword(MessageFlags flags, String keyword) {
		return flags.keywords().stream().anyMatch(keyword::equalsIgnoreCase);
	}

}
