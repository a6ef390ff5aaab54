package dev.mailroom.mailbox;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How text becomes search lexemes, for the index and for queries alike.
 *
 * <p>
 * Text is normalised (NFKC, lower case, whitespace collapsed) and cut into runs of
 * letters and digits. A run of Hangul, Han, Hiragana or Katakana becomes its overlapping
 * character bigrams and trigrams plus its last character, so that any substring of it is
 * found: Korean words carry particles ("회의를"), and "회의" is the bigram {@code 회의}, "보고서"
 * the trigram {@code 보고서}. Any other run (Latin, digits, Cyrillic, ...) is one word,
 * matched by prefix. PostgreSQL's own parsers cannot do this here: pg_trgm and the text
 * search parser only know letters by the database's ctype, which is {@code C}, so Hangul
 * yields no trigrams at all.
 *
 * <p>
 * Lexemes are kept in one {@code tsvector} per message: unprefixed for free text
 * (subject, sender, body) and with a field prefix ({@link #SUBJECT}, {@link #FROM},
 * {@link #TO}) for operators. A prefix starts with {@code _}, which no word does, so a
 * free-text prefix query never reaches into a field's lexemes.
 */
final class SearchText {

	static final String SUBJECT = "_s";

	static final String FROM = "_f";

	static final String TO = "_t";

	/** Longer words are indexed by their start (and matched by prefix). */
	static final int MAX_WORD_CHARS = 32;

	/**
	 * PostgreSQL refuses a tsvector over 1 MB; lexemes beyond this many bytes are left
	 * out (hostile text only: 64 KB of ordinary mail is far below).
	 */
	static final int MAX_LEXEME_BYTES = 512 * 1024;

	private SearchText() {
	}

	/**
	 * NFKC, lower case, NUL replaced, every run of whitespace or control characters one
	 * space, trimmed; at most {@code maxChars} characters.
	 */
	static String normalize(String text, int maxChars) {
		if (text == null || text.isEmpty()) {
			return "";
		}
		String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		StringBuilder out = new StringBuilder(Math.min(folded.length(), maxChars));
		boolean space = false;
		for (int i = 0; i < folded.length() && out.length() < maxChars; i++) {
			char c = folded.charAt(i);
			if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '\u200b'
					|| c == '\ufeff') {
				space = true;
				continue;
			}
			if (space && out.length() > 0) {
				out.append(' ');
			}
			space = false;
			out.append(c);
		}
		int end = out.length();
		if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
			out.setLength(end - 1);
		}
		return out.toString();
	}

	/** One lexeme of a query term. */
	record QueryLexeme(String text, boolean prefix) {
	}

	/**
	 * The runs of letters and digits of normalised text, split where CJK and other
	 * scripts meet.
	 */
	static List<String> runs(String normalized) {
		List<String> runs = new ArrayList<>();
		int start = -1;
		boolean cjk = false;
		for (int i = 0; i < normalized.length();) {
			int cp = normalized.codePointAt(i);
			int next = i + Character.charCount(cp);
			if (isWordPart(cp)) {
				boolean mark = isMark(cp);
				boolean thisCjk = !mark && isCjk(cp);
				if (start >= 0 && !mark && thisCjk != cjk) {
					runs.add(normalized.substring(start, i));
					start = -1;
				}
				if (start < 0) {
					start = i;
					cjk = thisCjk;
				}
			}
			else if (start >= 0) {
				runs.add(normalized.substring(start, i));
				start = -1;
			}
			i = next;
		}
		if (start >= 0) {
			runs.add(normalized.substring(start));
		}
		return runs;
	}

	/**
	 * Adds the index lexemes of normalised text, each with {@code prefix} in front, until
	 * the byte budget is used up.
	 * @return false once the budget is exhausted
	 */
	static boolean addLexemes(String normalized, String prefix, Set<String> lexemes, int[] budget) {
		for (String run : runs(normalized)) {
			if (!isCjk(run.codePointAt(0))) {
				if (!add(lexemes, prefix + truncate(run), budget)) {
					return false;
				}
				continue;
			}
			int[] cps = run.codePoints().toArray();
			for (int i = 0; i + 1 < cps.length; i++) {
				if (!add(lexemes, prefix + new String(cps, i, 2), budget)
						|| (i + 2 < cps.length && !add(lexemes, prefix + new String(cps, i, 3), budget))) {
					return false;
				}
			}
			if (!add(lexemes, prefix + new String(cps, cps.length - 1, 1), budget)) {
				return false;
			}
		}
		return true;
	}

	private static boolean add(Set<String> lexemes, String lexeme, int[] budget) {
		if (lexemes.contains(lexeme)) {
			return true;
		}
		int bytes = lexeme.getBytes(StandardCharsets.UTF_8).length + 4;
		if (bytes > budget[0]) {
			budget[0] = 0;
			return false;
		}
		budget[0] -= bytes;
		lexemes.add(lexeme);
		return true;
	}

	/**
	 * The lexemes a query term must all match: words by prefix; a CJK run of two or three
	 * characters as itself, a longer one by its overlapping trigrams, a single character
	 * by prefix (which also finds it as the last character of a run).
	 */
	static List<QueryLexeme> queryLexemes(String normalized) {
		Set<QueryLexeme> lexemes = new LinkedHashSet<>();
		for (String run : runs(normalized)) {
			if (!isCjk(run.codePointAt(0))) {
				lexemes.add(new QueryLexeme(truncate(run), true));
				continue;
			}
			int[] cps = run.codePoints().toArray();
			if (cps.length <= 3) {
				lexemes.add(new QueryLexeme(run, cps.length == 1));
				continue;
			}
			for (int i = 0; i + 2 < cps.length; i++) {
				lexemes.add(new QueryLexeme(new String(cps, i, 3), false));
			}
		}
		return List.copyOf(lexemes);
	}

	/**
	 * Whether matching the lexemes of this normalised term is the whole answer: one word
	 * (matched as a word prefix) or one CJK run. A run of up to three characters is one
	 * lexeme; a longer one matches when all its three-character pieces occur, which in
	 * practice means the run itself (checking the text instead would cost about 10 µs per
	 * message that has the pieces). Anything else (phrases, punctuation, words and Hangul
	 * together) is also checked as a substring of the stored text.
	 */
	static boolean lexemesSuffice(String normalized) {
		List<String> runs = runs(normalized);
		if (runs.size() != 1 || !runs.get(0).equals(normalized)) {
			return false;
		}
		String run = runs.get(0);
		return isCjk(run.codePointAt(0)) || run.length() <= MAX_WORD_CHARS;
	}

	/** A tsquery matching all the lexemes, each with {@code prefix} in front. */
	static String tsquery(String prefix, List<QueryLexeme> lexemes) {
		StringBuilder query = new StringBuilder();
		for (QueryLexeme lexeme : lexemes) {
			if (query.length() > 0) {
				query.append(" & ");
			}
			query.append('\'').append((prefix + lexeme.text()).replace("\\", "\\\\").replace("'", "''")).append('\'');
			if (lexeme.prefix()) {
				query.append(":*");
			}
		}
		return query.toString();
	}

	/** A LIKE pattern for a substring, with the wildcards and the escape escaped. */
	static String likeContaining(String normalized) {
		StringBuilder pattern = new StringBuilder(normalized.length() + 8).append('%');
		for (int i = 0; i < normalized.length(); i++) {
			char c = normalized.charAt(i);
			if (c == '%' || c == '_' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.append('%').toString();
	}

	private static String truncate(String word) {
		if (word.length() <= MAX_WORD_CHARS) {
			return word;
		}
		int end = MAX_WORD_CHARS;
		if (Character.isHighSurrogate(word.charAt(end - 1))) {
			end--;
		}
		return word.substring(0, end);
	}

	private static boolean isWordPart(int cp) {
		return Character.isLetterOrDigit(cp) || isMark(cp);
	}

	private static boolean isMark(int cp) {
		int type = Character.getType(cp);
		return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
				|| type == Character.ENCLOSING_MARK;
	}

	static boolean isCjk(int cp) {
		Character.UnicodeScript script = Character.UnicodeScript.of(cp);
		return script == Character.UnicodeScript.HANGUL || script == Character.UnicodeScript.HAN
				|| script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
	}

}
