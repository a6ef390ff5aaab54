package dev.mailroom.mailbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.mailroom.mailbox.SearchQuery.After;
import dev.mailroom.mailbox.SearchQuery.Before;
import dev.mailroom.mailbox.SearchQuery.Field;
import dev.mailroom.mailbox.SearchQuery.Flag;
import dev.mailroom.mailbox.SearchQuery.FlagKind;
import dev.mailroom.mailbox.SearchQuery.InFolder;
import dev.mailroom.mailbox.SearchQuery.Text;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The search box syntax. */
class SearchQueryTests {

	private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

	@Test
	void wordsAreFreeTextTerms() {
		assertThat(parse("quarterly  report")).containsExactly(new Text(Field.ANY, "quarterly", false),
				new Text(Field.ANY, "report", false));
	}

	@Test
	void blankAndNullQueriesHaveNoTerms() {
		assertThat(parse("")).isEmpty();
		assertThat(parse("   \t ")).isEmpty();
		assertThat(SearchQuery.parse(null, SEOUL).terms()).isEmpty();
	}

	@Test
	void quotesMakeOnePhrase() {
		assertThat(parse("\"exact  phrase\" other")).containsExactly(new Text(Field.ANY, "exact  phrase", false),
				new Text(Field.ANY, "other", false));
	}

	@Test
	void anUnclosedQuoteRunsToTheEnd() {
		assertThat(parse("\"open phrase goes on")).containsExactly(new Text(Field.ANY, "open phrase goes on", false));
	}

	@Test
	void fieldOperatorsTakeAWordOrAQuotedPhrase() {
		assertThat(parse("from:alice@example.com to:bob subject:\"quarterly report\" subject:budget")).containsExactly(
				new Text(Field.FROM, "alice@example.com", false), new Text(Field.TO, "bob", false),
				new Text(Field.SUBJECT, "quarterly report", false), new Text(Field.SUBJECT, "budget", false));
	}

	@Test
	void operatorNamesAreCaseInsensitive() {
		assertThat(parse("FROM:Alice Subject:Plan IS:UNREAD Has:Attachment IN:INBOX")).containsExactly(
				new Text(Field.FROM, "Alice", false), new Text(Field.SUBJECT, "Plan", false),
				new Flag(FlagKind.UNREAD, false), new Flag(FlagKind.HAS_ATTACHMENT, false),
				new InFolder("inbox", false));
	}

	@Test
	void flags() {
		assertThat(parse("has:attachment is:unread is:starred")).containsExactly(
				new Flag(FlagKind.HAS_ATTACHMENT, false), new Flag(FlagKind.UNREAD, false),
				new Flag(FlagKind.STARRED, false));
	}

	@Test
	void isReadIsNotUnread() {
		assertThat(parse("is:read")).containsExactly(new Flag(FlagKind.UNREAD, true));
		assertThat(parse("-is:read")).containsExactly(new Flag(FlagKind.UNREAD, false));
	}

	@Test
	void aLeadingMinusNegates() {
		assertThat(parse("-spam -from:bob -is:unread -\"two words\" -in:sent")).containsExactly(
				new Text(Field.ANY, "spam", true), new Text(Field.FROM, "bob", true), new Flag(FlagKind.UNREAD, true),
				new Text(Field.ANY, "two words", true), new InFolder("sent", true));
	}

	@Test
	void aMinusInsideAWordOrAloneIsNoNegation() {
		assertThat(parse("e-mail - x")).containsExactly(new Text(Field.ANY, "e-mail", false),
				new Text(Field.ANY, "x", false));
	}

	@Test
	void foldersByNameOrPathLowerCased() {
		assertThat(parse("in:Work/Projects in:\"My Folder\" in:anywhere")).containsExactly(
				new InFolder("work/projects", false), new InFolder("my folder", false),
				new InFolder(InFolder.ANYWHERE, false));
	}

	@Test
	void choosesFoldersOnlyWithAPositiveIn() {
		assertThat(SearchQuery.parse("in:trash x", SEOUL).choosesFolders()).isTrue();
		assertThat(SearchQuery.parse("-in:inbox x", SEOUL).choosesFolders()).isFalse();
		assertThat(SearchQuery.parse("x", SEOUL).choosesFolders()).isFalse();
	}

	@Test
	void datesAreDaysInTheUsersZone() {
		assertThat(parse("before:2026-03-01 after:2026/1/5")).containsExactly(
				new Before(LocalDate.of(2026, 3, 1), Instant.parse("2026-02-28T15:00:00Z"), false),
				new After(LocalDate.of(2026, 1, 5), Instant.parse("2026-01-04T15:00:00Z"), false));
		assertThat(SearchQuery.parse("before:2026-03-01", ZoneOffset.UTC).terms())
			.containsExactly(new Before(LocalDate.of(2026, 3, 1), Instant.parse("2026-03-01T00:00:00Z"), false));
	}

	@Test
	void invalidDatesAreFreeText() {
		assertThat(parse("before:yesterday after:2026-02-30 before:2026-13-01")).containsExactly(
				new Text(Field.ANY, "before:yesterday", false), new Text(Field.ANY, "after:2026-02-30", false),
				new Text(Field.ANY, "before:2026-13-01", false));
	}

	@Test
	void unknownOperatorsAndValuesAreFreeText() {
		assertThat(parse("label:work is:important has:drive http://example.com 10:30")).containsExactly(
				new Text(Field.ANY, "label:work", false), new Text(Field.ANY, "is:important", false),
				new Text(Field.ANY, "has:drive", false), new Text(Field.ANY, "http://example.com", false),
				new Text(Field.ANY, "10:30", false));
	}

	@Test
	void operatorsWithoutValueAreFreeText() {
		assertThat(parse("from: subject:\"\"")).containsExactly(new Text(Field.ANY, "from:", false),
				new Text(Field.ANY, "subject:", false));
	}

	@Test
	void koreanWorksEverywhere() {
		assertThat(parse("회의 from:김철수 subject:\"주간 보고\" in:업무/보고서 -광고")).containsExactly(
				new Text(Field.ANY, "회의", false), new Text(Field.FROM, "김철수", false),
				new Text(Field.SUBJECT, "주간 보고", false), new InFolder("업무/보고서", false),
				new Text(Field.ANY, "광고", true));
	}

	@Test
	void ideographicSpaceSeparatesTerms() {
		assertThat(parse("회의\u3000일정")).containsExactly(new Text(Field.ANY, "회의", false),
				new Text(Field.ANY, "일정", false));
	}

	@Test
	void aQuotedTermIsNeverAnOperator() {
		assertThat(parse("\"from:alice\"")).containsExactly(new Text(Field.ANY, "from:alice", false));
	}

	private static java.util.List<SearchQuery.Term> parse(String query) {
		return SearchQuery.parse(query, SEOUL).terms();
	}

}
