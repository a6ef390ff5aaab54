package dev.mailroom.mailbox;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How text becomes search keys, for the index and for queries alike.
 *
 * <p>
 * Text is normalised (NFKC, lower case) and cut into runs of letters and digits. A run of
 * Hangul, Han, Hiragana or Katakana becomes its overlapping character bigrams and
 * trigrams plus its last character, so that any substring of it is found: Korean words
 * carry particles ("회의를"), and "회의" is the bigram {@code 회의}, "보고서" the trigram
 * {@code 보고서}. Any other run (Latin, digits, Cyrillic, ...) is one word, matched by
 * prefix. PostgreSQL's own parsers cannot do this here: pg_trgm and the text search
 * parser only know letters by the database's ctype, which is {@code C}, so Hangul yields
 * no trigrams at all.
 *
 * <p>
 * Lexemes are kept in one {@code tsvector} per message: unprefixed for free text
 * (subject, sender, body) and with a field prefix ({@link #SUBJECT}, {@link #FROM},
 * {@link #TO}) for operators. A prefix starts with {@code _}, which no word does, so a
 * free-text prefix query never reaches into a field's lexemes.
 *
 * <p>
 * Phrases need adjacency, which lexemes without positions do not record. Every two
 * neighbouring runs of a field therefore also give a pair key: a hash of the field, the
 * left run (its last character if CJK) and the right run (its first character if CJK), in
 * {@link #PAIR_BUCKETS} buckets, kept in an {@code int[]} next to the lexemes. A phrase
 * matches where all its lexemes and all its pair keys are found, with no look at the
 * text: checking text costs about 10 µs per message that has the words, which a phrase of
 * common words ("quarterly report") has by the ten thousand. A message holding all the
 * words apart and, by chance, a pair key in the same bucket (about 0.05 % of them) is a
 * false match.
 */
final class SearchText {

	static final String SUBJECT = "_s";

	static final String FROM = "_f";

	static final String TO = "_t";

	/** Longer words are indexed by their start (and matched by prefix). */
	static final int MAX_WORD_CHARS = 32;

	/** Pair keys are hashed into this many buckets (2^20). */
	static final int PAIR_BUCKETS = 1 << 20;

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

	/**
	 * The runs of letters and digits of normalised text, split where CJK and other
	 * scripts meet. Words longer than {@link #MAX_WORD_CHARS} are cut.
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
					runs.add(run(normalized.substring(start, i), cjk));
					start = -1;
				}
				if (start < 0) {
					start = i;
					cjk = thisCjk;
				}
			}
			else if (start >= 0) {
				runs.add(run(normalized.substring(start, i), cjk));
				start = -1;
			}
			i = next;
		}
		if (start >= 0) {
			runs.add(run(normalized.substring(start), cjk));
		}
		return runs;
	}

	/** What one document field contributes: its lexemes and pair keys. */
	static final class Keys {

		final Set<String> lexemes = new LinkedHashSet<>();

		final Set<Integer> pairs = new LinkedHashSet<>();

		private int budget = MAX_LEXEME_BYTES;

		/**
		 * Adds the keys of normalised text, each with {@code prefix} in front.
		 * @return false once the byte budget is used up (the rest is left out)
		 */
		boolean add(String normalized, String prefix) {
			String previous = null;
			for (String run : runs(normalized)) {
				if (!isCjk(run.codePointAt(0))) {
					if (!lexeme(prefix + run)) {
						return false;
					}
				}
				else {
					int[] cps = run.codePoints().toArray();
					for (int i = 0; i + 1 < cps.length; i++) {
						if (!lexeme(prefix + new String(cps, i, 2))
								|| (i + 2 < cps.length && !lexeme(prefix + new String(cps, i, 3)))) {
							return false;
						}
					}
					if (!lexeme(prefix + new String(cps, cps.length - 1, 1))) {
						return false;
					}
				}
				if (previous != null) {
					this.pairs.add(pair(prefix, previous, run));
				}
				previous = run;
			}
			return true;
		}

		private boolean lexeme(String lexeme) {
			if (this.lexemes.contains(lexeme)) {
				return true;
			}
			int bytes = lexeme.getBytes(StandardCharsets.UTF_8).length + 4;
			if (bytes > this.budget) {
				this.budget = 0;
				return false;
			}
			this.budget -= bytes;
			this.lexemes.add(lexeme);
			return true;
		}

	}

	/** One lexeme of a query, field prefix included. */
	record QueryLexeme(String text, boolean prefix) {
	}

	/**
	 * What a query term must match.
	 *
	 * @param lexemes all of these lexemes
	 * @param pairs and all of these pair keys
	 */
	record Match(List<QueryLexeme> lexemes, List<Integer> pairs) {

		/** The lexemes as a tsquery. */
		String tsquery() {
			StringBuilder query = new StringBuilder();
			for (QueryLexeme lexeme : this.lexemes) {
				if (query.length() > 0) {
					query.append(" & ");
				}
				query.append('\'').append(lexeme.text().replace("\\", "\\\\").replace("'", "''")).append('\'');
				if (lexeme.prefix()) {
					query.append(":*");
				}
			}
			return query.toString();
		}

	}

	/**
	 * What a normalised query term must match in the field with {@code prefix}, or null
	 * when it has no letters or digits.
	 *
	 * <p>
	 * A lone word matches words it starts, unless punctuation follows it in the term
	 * ({@code 100%}). A lone CJK run of up to three characters is one lexeme (one
	 * character by prefix, which also finds it as the last character of a run); a longer
	 * one matches when all its three-character pieces occur, which in practice is the run
	 * itself. Several runs (a phrase, {@code alice@example.com}) match as whole words
	 * that stand next to each other, punctuation between them ignored.
	 */
	static Match match(String normalized, String prefix) {
		List<String> runs = runs(normalized);
		if (runs.isEmpty()) {
			return null;
		}
		Set<QueryLexeme> lexemes = new LinkedHashSet<>();
		List<Integer> pairs = new ArrayList<>();
		boolean lone = runs.size() == 1;
		for (int r = 0; r < runs.size(); r++) {
			String run = runs.get(r);
			if (!isCjk(run.codePointAt(0))) {
				boolean prefixMatch = (lone && normalized.endsWith(run)) || run.length() == MAX_WORD_CHARS;
				lexemes.add(new QueryLexeme(prefix + run, prefixMatch));
			}
			else {
				int[] cps = run.codePoints().toArray();
				if (cps.length <= 3) {
					lexemes.add(new QueryLexeme(prefix + run, cps.length == 1));
				}
				else {
					for (int i = 0; i + 2 < cps.length; i++) {
						lexemes.add(new QueryLexeme(prefix + new String(cps, i, 3), false));
					}
				}
			}
			if (r > 0) {
				pairs.add(pair(prefix, runs.get(r - 1), run));
			}
		}
		return new Match(List.copyOf(lexemes), pairs.stream().distinct().toList());
	}

	/**
	 * The pair key of two neighbouring runs: FNV-1a over the field prefix, the left run
	 * (its last character if CJK) and the right run (its first character if CJK), in
	 * {@link #PAIR_BUCKETS} buckets. Stored in the index: never change it without
	 * reindexing.
	 */
	static int pair(String prefix, String left, String right) {
		String leftKey = isCjk(left.codePointAt(0)) ? new String(Character.toChars(left.codePointBefore(left.length())))
				: left;
		String rightKey = isCjk(right.codePointAt(0)) ? new String(Character.toChars(right.codePointAt(0))) : right;
		int hash = 0x811c9dc5;
		for (byte b : (prefix + '\u0000' + leftKey + '\u0000' + rightKey).getBytes(StandardCharsets.UTF_8)) {
			hash = (hash ^ (b & 0xff)) * 0x01000193;
		}
		return (hash ^ (hash >>> 20)) & (PAIR_BUCKETS - 1);
	}

	private static String run(String run, boolean cjk) {
		if (cjk || run.length() <= MAX_WORD_CHARS) {
			return run;
		}
		int end = MAX_WORD_CHARS;
		if (Character.isHighSurrogate(run.charAt(end - 1))) {
			end--;
		}
		return run.substring(0, end);
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
