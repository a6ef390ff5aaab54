package dev.mailroom.imap;

import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.mailroom.mailbox.UidMessage;
import dev.mailroom.mime.EncodedWords;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.MimePart;

/**
 * SEARCH keys (RFC 3501 6.4.4, RFC 7162 MODSEQ) parsed into a test of one message. Text
 * keys compare decoded text (RFC 2047 words, the body's charset and transfer encoding),
 * case-insensitively, so Korean subjects and bodies are found whatever their encoding.
 */
final class SearchCriteria {

	private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendPattern("d-MMM-yyyy")
		.toFormatter(Locale.ENGLISH);

	/** A message being tested, its content parsed on first need. */
	static final class Candidate {

		final int seq;

		final UidMessage message;

		final long largestUid;

		final int size;

		private final MimeParser parser;

		private final java.util.function.Supplier<byte[]> loader;

		private byte[] raw;

		private MimeEntity entity;

		private String bodyText;

		Candidate(int seq, UidMessage message, long largestUid, int size, MimeParser parser,
				java.util.function.Supplier<byte[]> loader) {
			this.seq = seq;
			this.message = message;
			this.largestUid = largestUid;
			this.size = size;
			this.parser = parser;
			this.loader = loader;
		}

		private byte[] raw() {
			if (this.raw == null) {
				this.raw = this.loader.get();
			}
			return this.raw;
		}

		MimeEntity entity() {
			if (this.entity == null) {
				this.entity = MimeEntity.parse(raw());
			}
			return this.entity;
		}

		/** Every field of this name, decoded, joined. */
		String header(String name) {
			StringBuilder text = new StringBuilder();
			for (MimeEntity.Field field : entity().fields) {
				if (field.name().equalsIgnoreCase(name)) {
					text.append(decodeHeader(field.value())).append('\n');
				}
			}
			return text.toString();
		}

		boolean hasHeader(String name) {
			return entity().header(name) != null;
		}

		String allHeaders() {
			StringBuilder text = new StringBuilder();
			for (MimeEntity.Field field : entity().fields) {
				text.append(field.name()).append(": ").append(decodeHeader(field.value())).append('\n');
			}
			return text.toString();
		}

		String body() {
			if (this.bodyText == null) {
				StringBuilder text = new StringBuilder();
				collect(this.parser.parse(new ByteArrayInputStream(raw())).body(), text);
				this.bodyText = text.toString();
			}
			return this.bodyText;
		}

		private static void collect(MimePart part, StringBuilder text) {
			if (part == null) {
				return;
			}
			if (part.text() != null) {
				text.append(part.text()).append('\n');
			}
			part.children().forEach((child) -> collect(child, text));
		}

	}

	/** A parsed SEARCH program. */
	record Program(Predicate<Candidate> test, boolean needsContent, boolean modSeq) {
	}

	private boolean needsContent;

	private boolean modSeq;

	private final Arguments args;

	private SearchCriteria(Arguments args) {
		this.args = args;
	}

	/** Parses {@code [CHARSET x] key *(SP key)} to the end of the command. */
	static Program parse(Arguments args) {
		SearchCriteria parser = new SearchCriteria(args);
		if (args.acceptWord("CHARSET")) {
			args.space();
			String charset = args.astring().toUpperCase(Locale.ROOT);
			if (!charset.equals("UTF-8") && !charset.equals("US-ASCII")) {
				throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset " + charset);
			}
			args.space();
		}
		List<Predicate<Candidate>> keys = new ArrayList<>();
		do {
			keys.add(parser.key());
		}
		while (args.accept(' '));
		args.end();
		return new Program(all(keys), parser.needsContent, parser.modSeq);
	}

	private static Predicate<Candidate> all(List<Predicate<Candidate>> keys) {
		return (candidate) -> keys.stream().allMatch((key) -> key.test(candidate));
	}

	private Predicate<Candidate> key() {
		if (this.args.accept('(')) {
			List<Predicate<Candidate>> keys = new ArrayList<>();
			do {
				keys.add(key());
			}
			while (this.args.accept(' '));
			this.args.expect(')');
			return all(keys);
		}
		int first = this.args.peek();
		if ((first >= '0' && first <= '9') || first == '*') {
			SequenceSet set = this.args.sequenceSet();
			return (c) -> set.contains(c.seq, c.size);
		}
		String name = this.args.upperAtom();
		switch (name) {
			case "ALL", "OLD":
				return (c) -> true;
			case "NEW", "RECENT":
				return (c) -> false;
			case "ANSWERED":
				return (c) -> c.message.flags().answered();
			case "UNANSWERED":
				return (c) -> !c.message.flags().answered();
			case "DELETED":
				return (c) -> c.message.flags().deleted();
			case "UNDELETED":
				return (c) -> !c.message.flags().deleted();
			case "DRAFT":
				return (c) -> c.message.flags().draft();
			case "UNDRAFT":
				return (c) -> !c.message.flags().draft();
			case "FLAGGED":
				return (c) -> c.message.flags().flagged();
			case "UNFLAGGED":
				return (c) -> !c.message.flags().flagged();
			case "SEEN":
				return (c) -> c.message.flags().seen();
			case "UNSEEN":
				return (c) -> !c.message.flags().seen();
			case "KEYWORD", "UNKEYWORD": {
				this.args.space();
				String keyword = this.args.flagOrAtom();
				boolean wanted = name.equals("KEYWORD");
				return (c) -> Flags.hasKeyword(c.message.flags(), keyword) == wanted;
			}
			case "NOT": {
				this.args.space();
				Predicate<Candidate> key = key();
				return key.negate();
			}
			case "OR": {
				this.args.space();
				Predicate<Candidate> left = key();
				this.args.space();
				Predicate<Candidate> right = key();
				return left.or(right);
			}
			case "UID": {
				this.args.space();
				SequenceSet set = this.args.sequenceSet();
				return (c) -> set.contains(c.message.uid(), c.largestUid);
			}
			case "LARGER": {
				this.args.space();
				long size = this.args.number();
				return (c) -> c.message.size() > size;
			}
			case "SMALLER": {
				this.args.space();
				long size = this.args.number();
				return (c) -> c.message.size() < size;
			}
			case "BEFORE", "ON", "SINCE": {
				this.args.space();
				LocalDate date = date();
				return (c) -> compare(c.message.internalDate().atOffset(ZoneOffset.UTC).toLocalDate(), date, name);
			}
			case "SENTBEFORE", "SENTON", "SENTSINCE": {
				this.args.space();
				LocalDate date = date();
				this.needsContent = true;
				String kind = name.substring(4);
				return (c) -> {
					LocalDate sent = sentDate(c.entity().header("Date"));
					return sent != null && compare(sent, date, kind);
				};
			}
			case "FROM", "TO", "CC", "BCC", "SUBJECT": {
				this.args.space();
				String wanted = fold(this.args.astring());
				this.needsContent = true;
				return (c) -> fold(c.header(name)).contains(wanted);
			}
			case "HEADER": {
				this.args.space();
				String field = this.args.astring();
				this.args.space();
				String wanted = fold(this.args.astring());
				this.needsContent = true;
				return (c) -> wanted.isEmpty() ? c.hasHeader(field) : fold(c.header(field)).contains(wanted);
			}
			case "BODY": {
				this.args.space();
				String wanted = fold(this.args.astring());
				this.needsContent = true;
				return (c) -> fold(c.body()).contains(wanted);
			}
			case "TEXT": {
				this.args.space();
				String wanted = fold(this.args.astring());
				this.needsContent = true;
				return (c) -> fold(c.allHeaders()).contains(wanted) || fold(c.body()).contains(wanted);
			}
			case "MODSEQ": {
				this.args.space();
				if (this.args.peekIs('"')) {
					// An entry name and type (RFC 7162 3.1.5): per-flag mod-sequences are
					// not kept, so the message's one applies.
					this.args.astring();
					this.args.space();
					this.args.atom();
					this.args.space();
				}
				long modSeq = this.args.number();
				this.modSeq = true;
				return (c) -> c.message.modSeq() >= modSeq;
			}
			default:
				throw ImapException.bad("Unknown SEARCH key " + name);
		}
	}

	private LocalDate date() {
		String text = this.args.astring();
		try {
			return LocalDate.parse(text, DATE);
		}
		catch (DateTimeParseException ex) {
			throw ImapException.bad("Invalid date " + text);
		}
	}

	private static boolean compare(LocalDate value, LocalDate date, String kind) {
		return switch (kind) {
			case "BEFORE" -> value.isBefore(date);
			case "ON" -> value.isEqual(date);
			default -> !value.isBefore(date);
		};
	}

	private static LocalDate sentDate(String header) {
		if (header == null) {
			return null;
		}
		try {
			java.util.Date parsed = new jakarta.mail.internet.MailDateFormat().parse(header.strip());
			return (parsed != null) ? parsed.toInstant().atOffset(ZoneOffset.UTC).toLocalDate() : null;
		}
		catch (java.text.ParseException | RuntimeException ex) {
			return null;
		}
	}

	private static String fold(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

	/** Header text as received (bytes as ISO-8859-1): raw UTF-8 or RFC 2047 words. */
	static String decodeHeader(String latin1) {
		byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			text = latin1;
		}
		return EncodedWords.decode(text);
	}

}
