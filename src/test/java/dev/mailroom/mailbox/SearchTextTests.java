package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mailroom.mailbox.SearchText.QueryLexeme;
import dev.mailroom.mime.MimeParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lexemes for the index and for queries. */
class SearchTextTests {

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
		Set<String> document = lexemes("내일 회의를 합니다");
		for (String term : List.of("회의", "회의를", "의", "내일 회의", "합니다")) {
			List<QueryLexeme> query = SearchText.queryLexemes(SearchText.normalize(term, 100));
			assertThat(query).isNotEmpty();
			assertThat(query).allMatch((lexeme) -> matches(document, lexeme), term);
		}
		assertThat(SearchText.queryLexemes("회의록")).anyMatch((lexeme) -> !matches(document, lexeme));
	}

	@Test
	void longerHangulRunsAreMatchedByTheirTrigrams() {
		assertThat(SearchText.queryLexemes("보고서")).containsExactly(new QueryLexeme("보고서", false));
		assertThat(SearchText.queryLexemes("보고서를")).containsExactly(new QueryLexeme("보고서", false),
				new QueryLexeme("고서를", false));
		assertThat(SearchText.queryLexemes("회의")).containsExactly(new QueryLexeme("회의", false));
	}

	@Test
	void aSingleHangulSyllableMatchesByPrefixAndAsTheLastOfARun() {
		assertThat(SearchText.queryLexemes("의")).containsExactly(new QueryLexeme("의", true));
		assertThat(matches(lexemes("사회"), new QueryLexeme("회", true))).isTrue();
		assertThat(matches(lexemes("회사"), new QueryLexeme("회", true))).isTrue();
	}

	@Test
	void queryWordsMatchByPrefix() {
		assertThat(SearchText.queryLexemes("meet")).containsExactly(new QueryLexeme("meet", true));
		assertThat(matches(lexemes("Meeting notes"), new QueryLexeme("meet", true))).isTrue();
	}

	@Test
	void lexemesSufficeForOneWordOrShortHangulOnly() {
		assertThat(SearchText.lexemesSuffice("meeting")).isTrue();
		assertThat(SearchText.lexemesSuffice("회의")).isTrue();
		assertThat(SearchText.lexemesSuffice("회")).isTrue();
		assertThat(SearchText.lexemesSuffice("회의를")).isTrue();
		assertThat(SearchText.lexemesSuffice("보고서를")).isTrue();
		assertThat(SearchText.lexemesSuffice("내일 회의")).isFalse();
		assertThat(SearchText.lexemesSuffice("quarterly report")).isFalse();
		assertThat(SearchText.lexemesSuffice("alice@example.com")).isFalse();
		assertThat(SearchText.lexemesSuffice("mailroom은")).isFalse();
		assertThat(SearchText.lexemesSuffice("a".repeat(40))).isFalse();
	}

	@Test
	void tsqueryQuotesEveryLexeme() {
		assertThat(SearchText.tsquery(SearchText.SUBJECT,
				List.of(new QueryLexeme("회의", false), new QueryLexeme("it's", true), new QueryLexeme("a\\b", false))))
			.isEqualTo("'_s회의' & '_sit''s':* & '_sa\\\\b'");
	}

	@Test
	void likePatternsEscapeWildcards() {
		assertThat(SearchText.likeContaining("100%_a\\b")).isEqualTo("%100\\%\\_a\\\\b%");
	}

	@Test
	void lexemesStopAtTheByteBudget() {
		StringBuilder text = new StringBuilder();
		for (int cp = 0xAC00; cp < 0xD7A3; cp++) {
			text.appendCodePoint(cp);
		}
		Set<String> lexemes = new LinkedHashSet<>();
		int[] budget = { 1000 };
		assertThat(SearchText.addLexemes(text.toString(), "", lexemes, budget)).isFalse();
		int bytes = lexemes.stream().mapToInt((l) -> l.getBytes(StandardCharsets.UTF_8).length + 4).sum();
		assertThat(bytes).isLessThanOrEqualTo(1000).isGreaterThan(900);
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
		Set<String> lexemes = new LinkedHashSet<>();
		SearchText.addLexemes(SearchText.normalize(text, 10_000), prefix, lexemes,
				new int[] { SearchText.MAX_LEXEME_BYTES });
		return lexemes;
	}

	private static boolean matches(Set<String> document, QueryLexeme lexeme) {
		return lexeme.prefix() ? document.stream().anyMatch((l) -> l.startsWith(lexeme.text()))
				: document.contains(lexeme.text());
	}

}
