package dev.mailroom.mailbox;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed search box query: terms separated by whitespace, all of which must match.
 *
 * <ul>
 * <li>{@code word}, {@code "exact phrase"}: free text in the subject, the body or the
 * sender;</li>
 * <li>{@code from:}, {@code to:} (To and Cc), {@code subject:} with a word or a quoted
 * phrase;</li>
 * <li>{@code has:attachment}, {@code is:unread}, {@code is:read},
 * {@code is:starred};</li>
 * <li>{@code in:<folder>}: a folder by its path ({@code parent/child}) or its role
 * ({@code inbox}, {@code sent}, {@code drafts}, {@code trash}, {@code junk} or
 * {@code spam}, {@code archive}), case-insensitive; {@code in:anywhere} for all folders.
 * Without {@code in:}, Trash and Junk are left out;</li>
 * <li>{@code before:YYYY-MM-DD} (earlier than that day) and {@code after:YYYY-MM-DD}
 * (that day or later), in the user's time zone; {@code YYYY/MM/DD} works too;</li>
 * <li>a leading {@code -} negates a term.</li>
 * </ul>
 * Operator names are case-insensitive. An unknown operator, or one without a valid value,
 * is free text.
 *
 * @param terms the terms, in the order given
 */
public record SearchQuery(List<Term> terms) {

	public SearchQuery {
		terms = List.copyOf(terms);
	}

	/** One term of a query. */
	public sealed interface Term permits Text, Flag, InFolder, Before, After {

		/** Whether the term was written with a leading {@code -}. */
		boolean negated();

	}

	/** Where a text term looks. */
	public enum Field {

		/** Subject, body and sender. */
		ANY,
		/** The From addresses, names included. */
		FROM,
		/** The To and Cc addresses, names included. */
		TO,
		/** The subject. */
		SUBJECT

	}

	/**
	 * Text to find.
	 *
	 * @param field where
	 * @param value the text as written, quotes removed
	 */
	public record Text(Field field, String value, boolean negated) implements Term {

		public Text {
			Objects.requireNonNull(field, "field");
			Objects.requireNonNull(value, "value");
		}

	}

	/** A per-message state. {@code is:read} is {@code -is:unread}. */
	public enum FlagKind {

		HAS_ATTACHMENT, UNREAD, STARRED

	}

	public record Flag(FlagKind kind, boolean negated) implements Term {

		public Flag {
			Objects.requireNonNull(kind, "kind");
		}

	}

	/**
	 * A folder.
	 *
	 * @param folder the path or role as written, lower-cased, or {@link #ANYWHERE}
	 */
	public record InFolder(String folder, boolean negated) implements Term {

		public static final String ANYWHERE = "anywhere";

		public InFolder {
			Objects.requireNonNull(folder, "folder");
		}

	}

	/**
	 * Messages that arrived before a day.
	 *
	 * @param date the day
	 * @param instant its start in the user's time zone
	 */
	public record Before(LocalDate date, Instant instant, boolean negated) implements Term {

	}

	/**
	 * Messages that arrived on a day or later.
	 *
	 * @param date the day
	 * @param instant its start in the user's time zone
	 */
	public record After(LocalDate date, Instant instant, boolean negated) implements Term {

	}

	/** Whether any term restricts folders positively ({@code in:} not negated). */
	public boolean choosesFolders() {
		return this.terms.stream().anyMatch((term) -> term instanceof InFolder in && !in.negated());
	}

	/**
	 * Parses what a user typed.
	 * @param query the query; null or blank gives no terms (everything matches)
	 * @param zone the user's time zone, for {@code before:} and {@code after:}
	 */
	public static SearchQuery parse(String query, ZoneId zone) {
		Objects.requireNonNull(zone, "zone");
		List<Term> terms = new ArrayList<>();
		if (query == null) {
			return new SearchQuery(terms);
		}
		int i = 0;
		int n = query.length();
		while (i < n) {
			while (i < n && isSpace(query.charAt(i))) {
				i++;
			}
			if (i >= n) {
				break;
			}
			boolean negated = false;
			if (query.charAt(i) == '-' && i + 1 < n && !isSpace(query.charAt(i + 1))) {
				negated = true;
				i++;
			}
			int start = i;
			boolean quoted = false;
			while (i < n && (quoted || !isSpace(query.charAt(i)))) {
				if (query.charAt(i) == '"') {
					quoted = !quoted;
				}
				i++;
			}
			String raw = query.substring(start, i);
			// A lone "-" negates nothing.
			Term term = raw.equals("-") ? null : term(raw, negated, zone);
			if (term != null) {
				terms.add(term);
			}
		}
		return new SearchQuery(terms);
	}

	private static Term term(String raw, boolean negated, ZoneId zone) {
		int colon = raw.indexOf(':');
		if (colon > 0 && raw.charAt(0) != '"') {
			String operator = raw.substring(0, colon).toLowerCase(Locale.ROOT);
			String value = unquote(raw.substring(colon + 1));
			Term term = operator(operator, value, negated, zone);
			if (term != null) {
				return term;
			}
		}
		String text = unquote(raw);
		return text.isBlank() ? null : new Text(Field.ANY, text, negated);
	}

	private static Term operator(String operator, String value, boolean negated, ZoneId zone) {
		if (value.isBlank()) {
			return null;
		}
		String lower = value.toLowerCase(Locale.ROOT);
		return switch (operator) {
			case "from" -> new Text(Field.FROM, value, negated);
			case "to" -> new Text(Field.TO, value, negated);
			case "subject" -> new Text(Field.SUBJECT, value, negated);
			case "has" -> (lower.equals("attachment") || lower.equals("attachments"))
					? new Flag(FlagKind.HAS_ATTACHMENT, negated) : null;
			case "is" -> switch (lower) {
				case "unread" -> new Flag(FlagKind.UNREAD, negated);
				case "read" -> new Flag(FlagKind.UNREAD, !negated);
				case "starred", "flagged" -> new Flag(FlagKind.STARRED, negated);
				default -> null;
			};
			case "in" -> new InFolder(lower.strip(), negated);
			case "before" -> {
				LocalDate date = date(value);
				yield (date != null) ? new Before(date, date.atStartOfDay(zone).toInstant(), negated) : null;
			}
			case "after" -> {
				LocalDate date = date(value);
				yield (date != null) ? new After(date, date.atStartOfDay(zone).toInstant(), negated) : null;
			}
			default -> null;
		};
	}

	private static LocalDate date(String value) {
		String iso = value.strip().replace('/', '-');
		if (!iso.matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
			return null;
		}
		String[] parts = iso.split("-");
		try {
			return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/**
	 * Removes the quotes: {@code "a b"} is {@code a b}, an unclosed quote runs to the
	 * end.
	 */
	private static String unquote(String raw) {
		return raw.replace("\"", "").strip();
	}

	private static boolean isSpace(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

}
