package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.mailroom.mailbox.SearchText.QueryLexeme;
import dev.mailroom.mime.MimeParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lexemes and pair keys for the index and for queries. */
class SearchTextTests {

	/** {@code pair("", "quarterly", "report")} as first released. */
	private static final int STABLE_PAIR = 614311;

	@Test
	void normalizesCaseWidthAndWhitespace() {
		assertThat(SearchText.normalize("  Ｍｅｅｔｉｎｇ\r\n\tNOTES\u00a0회의 ", 100)).isEqualTo("meeting notes 회의");
		assertThat(SearchText.normalize("a\u0000b", 100)).isEqualTo("a b");
		assertThat(SearchText.normalize("abcdef", 3)).isEqualTo("abc");
		assertThat(SearchText.normalize(null, 3)).isEmpty();
	}

	@Test
	void splitsRunsWhereScriptsMeet() {
		assertThat(SearchText.runs("mailroom은 2026년 e-mail")).containsExactly("mailroom", "은", "2026", "년", "e",
				"mail");
	}

	@Test
	void hangulBecomesBigramsTrigramsAndItsLastSyllable() {
		assertThat(lexemes("내일 회의를 합니다")).containsExactlyInAnyOrder("내일", "일", "회의", "회의를", "의를", "를", "합니", "합니다",
				"니다", "다");
	}

	@Test
	void wordsAreWholeAndLongOnesCut() {
		String longWord = "a".repeat(40);
		assertThat(lexemes("Quarterly report " + longWord)).containsExactlyInAnyOrder("quarterly", "report",
				"a".repeat(SearchText.MAX_WORD_CHARS));
	}

	@Test
	void fieldLexemesCarryTheirPrefix() {
		assertThat(lexemes("김철수 kim", SearchText.FROM)).containsExactlyInAnyOrder("_f김철", "_f김철수", "_f철수", "_f수",
				"_fkim");
	}

	@Test
	void aKoreanTermIsFoundInsideWordsWithParticles() {
		SearchText.Keys document = keys("내일 회의를 합니다");
		for (String term : List.of("회의", "회의를", "의", "내일 회의", "합니다", "일 회의를")) {
			assertThat(matches(document, SearchText.match(SearchText.normalize(term, 100), ""))).as(term).isTrue();
		}
		for (String term : List.of("회의록", "회의 합니다", "내일회의")) {
			assertThat(matches(document, SearchText.match(term, ""))).as(term).isFalse();
		}
	}

	@Test
	void longerHangulRunsAreMatchedByTheirTrigrams() {
		assertThat(SearchText.match("보고서", "").lexemes()).containsExactly(new QueryLexeme("보고서", false));
		assertThat(SearchText.match("보고서를", "").lexemes()).containsExactly(new QueryLexeme("보고서", false),
				new QueryLexeme("고서를", false));
		assertThat(SearchText.match("회의", "").lexemes()).containsExactly(new QueryLexeme("회의", false));
		assertThat(SearchText.match("보고서를", "").pairs()).isEmpty();
	}

	@Test
	void aSingleHangulSyllableMatchesByPrefixAndAsTheLastOfARun() {
		assertThat(SearchText.match("의", "").lexemes()).containsExactly(new QueryLexeme("의", true));
		assertThat(matches(keys("사회"), SearchText.match("회", ""))).isTrue();
		assertThat(matches(keys("회사"), SearchText.match("회", ""))).isTrue();
	}

	@Test
	void aLoneWordMatchesByPrefixUnlessPunctuationFollows() {
		assertThat(SearchText.match("meet", "").lexemes()).containsExactly(new QueryLexeme("meet", true));
		assertThat(matches(keys("Meeting notes"), SearchText.match("meet", ""))).isTrue();
		assertThat(SearchText.match("100%", "").lexemes()).containsExactly(new QueryLexeme("100", false));
		assertThat(SearchText.match("$100", "").lexemes()).containsExactly(new QueryLexeme("100", true));
		assertThat(SearchText.match("!!!", "")).isNull();
	}

	@Test
	void phrasesAreWholeWordsThatStandTogether() {
		SearchText.Match phrase = SearchText.match("quarterly report", "");
		assertThat(phrase.lexemes()).containsExactly(new QueryLexeme("quarterly", false),
				new QueryLexeme("report", false));
		assertThat(phrase.pairs()).hasSize(1);
		assertThat(matches(keys("The quarterly report is late"), phrase)).isTrue();
		assertThat(matches(keys("The Quarterly, report!"), phrase)).as("punctuation is ignored").isTrue();
		assertThat(matches(keys("report of the quarterly numbers"), phrase)).isFalse();
		assertThat(matches(keys("quarterly reports"), phrase)).isFalse();
	}

	@Test
	void addressesAreWordsThatStandTogether() {
		SearchText.Match address = SearchText.match("alice@example.com", SearchText.FROM);
		assertThat(address.lexemes()).extracting(QueryLexeme::text).containsExactly("_falice", "_fexample", "_fcom");
		assertThat(matches(keys("Alice Kim alice@example.com", SearchText.FROM), address)).isTrue();
		assertThat(matches(keys("alice@example.org bob@example.net", SearchText.FROM), address)).isFalse();
		assertThat(matches(keys("Alice Kim alice@example.com", ""), address)).as("another field").isFalse();
	}

	@Test
	void pairKeysLookAtTheEdgesOfHangulRuns() {
		assertThat(SearchText.pair("", "내일", "회의를")).isEqualTo(SearchText.pair("", "일", "회"));
		assertThat(SearchText.pair("", "quarterly", "report"))
			.isNotEqualTo(SearchText.pair("_s", "quarterly", "report"));
		assertThat(SearchText.pair("", "a", "b")).isBetween(0, SearchText.PAIR_BUCKETS - 1);
	}

	@Test
	void pairKeysAreStable() {
		// Stored in the index: a change here needs a reindex.
		assertThat(SearchText.pair("", "quarterly", "report")).isEqualTo(STABLE_PAIR);
	}

	@Test
	void tsqueryQuotesEveryLexeme() {
		SearchText.Match match = new SearchText.Match(
				List.of(new QueryLexeme("_s회의", false), new QueryLexeme("it's", true), new QueryLexeme("a\\b", false)),
				List.of());
		assertThat(match.tsquery()).isEqualTo("'_s회의' & 'it''s':* & 'a\\\\b'");
	}

	@Test
	void lexemesStopAtTheByteBudget() {
		StringBuilder text = new StringBuilder();
		java.util.Random random = new java.util.Random(1);
		for (int i = 0; i < 100_000; i++) {
			text.appendCodePoint(0xAC00 + random.nextInt(11172));
		}
		SearchText.Keys keys = new SearchText.Keys();
		assertThat(keys.add(text.toString(), "")).isFalse();
		int bytes = keys.lexemes.stream().mapToInt((l) -> l.getBytes(StandardCharsets.UTF_8).length + 4).sum();
		assertThat(bytes).isLessThanOrEqualTo(SearchText.MAX_LEXEME_BYTES)
			.isGreaterThan(SearchText.MAX_LEXEME_BYTES - 20);
	}

	@Test
	void documentsTakeTextPartsHtmlAsTextAndAttachmentNames() {
		String raw = """
				From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.test>
				To: Bob <bob@example.test>
				Cc: carol@example.test
				Subject: Plan
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary=outer

				--outer
				Content-Type: multipart/alternative; boundary=alt

				--alt
				Content-Type: text/plain; charset=UTF-8

				plain words
				--alt
				Content-Type: text/html; charset=UTF-8

				<p>html words</p>
				--alt--
				--outer
				Content-Type: application/pdf; name="report.pdf"
				Content-Disposition: attachment; filename="report.pdf"
				Content-Transfer-Encoding: base64

				JVBERi0=
				--outer
				Content-Type: text/html; charset=UTF-8

				<html><style>.x{color:red}</style><body><b>Bold</b> 회의를</body></html>
				--outer--
				""".replace("\n", "\r\n");
		SearchDocument document = SearchDocument
			.of(new MimeParser().parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))), 1000);

		assertThat(document.subject()).isEqualTo("plan");
		assertThat(document.sender()).isEqualTo("김철수 kim@example.test");
		assertThat(document.recipients()).isEqualTo("bob bob@example.test carol@example.test");
		assertThat(document.body()).isEqualTo("plain words report.pdf bold 회의를");
		assertThat(Arrays.asList(document.lexemes().split(" ")))
			.contains("_splan", "plan", "_f김철", "_fkim", "김철", "_tbob", "_tcarol", "plain", "report", "pdf", "bold",
					"회의")
			.doesNotContain("html", "color", "_tkim", "bob");
	}

	@Test
	void documentBodiesAreCapped() {
		String raw = "Subject: long\r\n\r\n" + "word ".repeat(1000);
		SearchDocument document = SearchDocument
			.of(new MimeParser().parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))), 100);
		assertThat(document.body()).hasSizeLessThanOrEqualTo(100);
	}

	private static Set<String> lexemes(String text) {
		return lexemes(text, "");
	}

	private static Set<String> lexemes(String text, String prefix) {
		return keys(text, prefix).lexemes;
	}

	private static SearchText.Keys keys(String text) {
		return keys(text, "");
	}

	private static SearchText.Keys keys(String text, String prefix) {
		SearchText.Keys keys = new SearchText.Keys();
		keys.add(SearchText.normalize(text, 10_000), prefix);
		return keys;
	}

	/**
	 * What the GIN index would answer: every lexeme (by prefix if asked) and pair key.
	 */
	private static boolean matches(SearchText.Keys document, SearchText.Match match) {
		return match.lexemes()
			.stream()
			.allMatch(
					(lexeme) -> lexeme.prefix() ? document.lexemes.stream().anyMatch((l) -> l.startsWith(lexeme.text()))
							: document.lexemes.contains(lexeme.text()))
				&& document.pairs.containsAll(match.pairs());
	}

}
