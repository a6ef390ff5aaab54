package dev.mailroom.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One data item of FETCH (RFC 3501 6.4.5, RFC 7162 MODSEQ), parsed.
 *
 * @param section for BODY[...]: the part numbers, the specifier and its header fields
 * @param partialStart the first byte of a partial fetch {@code <start.length>}, or -1
 * @param peek BODY.PEEK, which leaves {@code \Seen} alone
 */
record FetchItem(Kind kind, Section section, long partialStart, long partialLength, boolean peek) {

	enum Kind {

		ENVELOPE, FLAGS, INTERNALDATE, RFC822, RFC822_HEADER, RFC822_TEXT, RFC822_SIZE, BODY, BODYSTRUCTURE, UID,
		BODY_SECTION, MODSEQ

	}

	/**
	 * @param parts the part numbers, empty for the whole message
	 * @param specifier HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT, MIME or null
	 * @param fields the header field names of HEADER.FIELDS (.NOT)
	 */
	record Section(int[] parts, String specifier, List<String> fields) {

		/**
		 * The section as echoed in the response, e.g. {@code 1.2.HEADER.FIELDS (FROM)}.
		 */
		String text() {
			StringBuilder text = new StringBuilder();
			for (int part : this.parts) {
				if (!text.isEmpty()) {
					text.append('.');
				}
				text.append(part);
			}
			if (this.specifier != null) {
				if (!text.isEmpty()) {
					text.append('.');
				}
				text.append(this.specifier);
				if (this.fields != null) {
					text.append(" (").append(String.join(" ", this.fields)).append(')');
				}
			}
			return text.toString();
		}

	}

	static FetchItem of(Kind kind) {
		return new FetchItem(kind, null, -1, -1, true);
	}

	/** Whether the message's bytes are needed. */
	boolean needsContent() {
		return this.kind != Kind.FLAGS && this.kind != Kind.INTERNALDATE && this.kind != Kind.RFC822_SIZE
				&& this.kind != Kind.UID && this.kind != Kind.MODSEQ;
	}

	/** Whether fetching it sets {@code \Seen} (RFC 3501 6.4.5). */
	boolean setsSeen() {
		return (this.kind == Kind.BODY_SECTION && !this.peek) || this.kind == Kind.RFC822
				|| this.kind == Kind.RFC822_TEXT;
	}

	/** The whole message, unparsed: it can be streamed. */
	boolean isWholeMessage() {
		return (this.kind == Kind.RFC822 || (this.kind == Kind.BODY_SECTION && this.section.parts().length == 0
				&& this.section.specifier() == null && this.partialStart < 0));
	}

	/** Parses the items: one item, a macro, or a parenthesised list. */
	static List<FetchItem> parseAll(Arguments args) {
		List<FetchItem> items = new ArrayList<>();
		if (args.accept('(')) {
			do {
				items.add(parse(args));
			}
			while (args.accept(' '));
			args.expect(')');
			return items;
		}
		String name = peekMacro(args);
		if (name != null) {
			switch (name) {
				case "ALL" -> items
					.addAll(List.of(of(Kind.FLAGS), of(Kind.INTERNALDATE), of(Kind.RFC822_SIZE), of(Kind.ENVELOPE)));
				case "FAST" -> items.addAll(List.of(of(Kind.FLAGS), of(Kind.INTERNALDATE), of(Kind.RFC822_SIZE)));
				default -> items.addAll(List.of(of(Kind.FLAGS), of(Kind.INTERNALDATE), of(Kind.RFC822_SIZE),
						of(Kind.ENVELOPE), of(Kind.BODY)));
			}
			return items;
		}
		items.add(parse(args));
		return items;
	}

	private static String peekMacro(Arguments args) {
		for (String macro : List.of("ALL", "FAST", "FULL")) {
			if (args.acceptWord(macro)) {
				return macro;
			}
		}
		return null;
	}

	private static FetchItem parse(Arguments args) {
		String name = args.fetchName().toUpperCase(Locale.ROOT);
		switch (name) {
			case "ENVELOPE":
				return of(Kind.ENVELOPE);
			case "FLAGS":
				return of(Kind.FLAGS);
			case "INTERNALDATE":
				return of(Kind.INTERNALDATE);
			case "RFC822":
				return new FetchItem(Kind.RFC822, new Section(new int[0], null, null), -1, -1, false);
			case "RFC822.HEADER":
				return new FetchItem(Kind.RFC822_HEADER, new Section(new int[0], "HEADER", null), -1, -1, true);
			case "RFC822.TEXT":
				return new FetchItem(Kind.RFC822_TEXT, new Section(new int[0], "TEXT", null), -1, -1, false);
			case "RFC822.SIZE":
				return of(Kind.RFC822_SIZE);
			case "BODYSTRUCTURE":
				return of(Kind.BODYSTRUCTURE);
			case "UID":
				return of(Kind.UID);
			case "MODSEQ":
				return of(Kind.MODSEQ);
			case "BODY", "BODY.PEEK":
				if (!args.peekIs('[')) {
					if (name.equals("BODY.PEEK")) {
						throw ImapException.bad("BODY.PEEK needs a section");
					}
					return of(Kind.BODY);
				}
				args.expect('[');
				Section section = section(args);
				args.expect(']');
				long start = -1;
				long length = -1;
				if (args.accept('<')) {
					start = args.number();
					args.expect('.');
					length = args.number();
					args.expect('>');
					if (length == 0) {
						throw ImapException.bad("A partial length must not be 0");
					}
				}
				return new FetchItem(Kind.BODY_SECTION, section, start, length, name.equals("BODY.PEEK"));
			default:
				throw ImapException.bad("Unknown FETCH item " + name);
		}
	}

	private static Section section(Arguments args) {
		List<Integer> parts = new ArrayList<>();
		String specifier = null;
		List<String> fields = null;
		while (!args.peekIs(']')) {
			if (args.peek() >= '1' && args.peek() <= '9' && specifier == null) {
				long part = args.number();
				if (part > 10000) {
					throw ImapException.bad("Part number too large");
				}
				parts.add((int) part);
			}
			else {
				specifier = args.sectionWord().toUpperCase(Locale.ROOT);
				switch (specifier) {
					case "HEADER", "TEXT" -> {
					}
					case "MIME" -> {
						if (parts.isEmpty()) {
							throw ImapException.bad("MIME needs a part number");
						}
					}
					case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
						args.space();
						args.expect('(');
						fields = new ArrayList<>();
						do {
							fields.add(args.astring());
						}
						while (args.accept(' '));
						args.expect(')');
					}
					default -> throw ImapException.bad("Unknown section " + specifier);
				}
				break;
			}
			if (!args.accept('.')) {
				break;
			}
		}
		return new Section(parts.stream().mapToInt(Integer::intValue).toArray(), specifier, fields);
	}

}
