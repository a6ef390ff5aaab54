package dev.mailroom.mime;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderParsingTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Mon, 3 Jun 2024 14:05:09 +0900|2024-06-03T14:05:09+09:00",
			"Mon, 3 Jun 2024 14:05:09 +0900 (KST)|2024-06-03T14:05:09+09:00",
			"3 Jun 2024 14:05 KST|2024-06-03T14:05:00+09:00", "Mon, 03 Jun 24 14:05:09 GMT|2024-06-03T14:05:09Z",
			"Thu, 1 Jan 98 00:00:00 EST|1998-01-01T00:00:00-05:00", "Mon Jun  3 14:05:09 2024|2024-06-03T14:05:09Z",
			"Mon, 3 Jun 2024 14:05:09|2024-06-03T14:05:09Z", "Mon,3 Jun 2024 14:05:09 -0000|2024-06-03T14:05:09Z",
			"Sat, 29 Jun 2024 23:59:60 +0100|2024-06-29T23:59:59+01:00" })
	void parsesLenientDates(String header, String expected) {
		assertThat(Dates.parse(header)).isEqualTo(OffsetDateTime.parse(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "Mon, 32 Jun 2024 10:00:00 +0000", "14:05:09" })
	void returnsNullForUnparseableDates(String header) {
		assertThat(Dates.parse(header)).isNull();
	}

	@Test
	void flattensGroupsAndSkipsEmptyOnes() {
		assertThat(Addresses.parse("undisclosed-recipients:;")).isEmpty();
		assertThat(Addresses.parse("team: a@example.com, B <b@example.com>;, c@example.com")).containsExactly(
				new Mailbox(null, "a@example.com"), new Mailbox("B", "b@example.com"),
				new Mailbox(null, "c@example.com"));
	}

	@Test
	void readsNamesFromCommentsAndRemovesSourceRoutes() {
		assertThat(Addresses.parse("kim@example.com (Kim Minsu)"))
			.containsExactly(new Mailbox("Kim Minsu", "kim@example.com"));
		assertThat(Addresses.parse("<@relay.example.net:user@example.com>"))
			.containsExactly(new Mailbox(null, "user@example.com"));
	}

	@Test
	void decodesEncodedWordsInsideQuotedDisplayNames() {
		assertThat(Addresses.parse("\"=?UTF-8?B?6rmA?= (HQ)\" <kim@example.com>"))
			.containsExactly(new Mailbox("김 (HQ)", "kim@example.com"));
		// Decoded after splitting, so a comma inside the encoded name does not
		// split the list.
		assertThat(Addresses.parse("=?UTF-8?Q?Kim=2C_Minsu?= <kim@example.com>, lee@example.com"))
			.containsExactly(new Mailbox("Kim, Minsu", "kim@example.com"), new Mailbox(null, "lee@example.com"));
	}

	@Test
	void skipsEntriesWithoutAddress() {
		assertThat(Addresses.parse("just words, , <>, ok@example.com"))
			.containsExactly(new Mailbox(null, "ok@example.com"));
		assertThat(Addresses.parse(null)).isEmpty();
	}

	@Test
	void parsesRfc2231AndPlainParameters() {
		Headers.ContentHeader header = Headers.parseContentHeader(
				"Attachment; FILENAME*=\"UTF-8''%ED%95%9C%EA%B8%80.txt\"; size=12; name=\"a \\\"b\\\"\"");
		assertThat(header.value()).isEqualTo("attachment");
		assertThat(header.parameter("filename")).isEqualTo("한글.txt");
		assertThat(header.parameter("size")).isEqualTo("12");
		assertThat(header.parameter("name")).isEqualTo("a \"b\"");
	}

	@Test
	void dropsWindowsPathFromFileName() {
		Headers.ContentHeader header = Headers.parseContentHeader("attachment; filename=\"C:\\Users\\kim\\보고서.hwp\"");
		assertThat(Headers.fileName(header.parameter("filename"))).isEqualTo("보고서.hwp");
	}

	@Test
	void stripsAnglesFromMessageIds() {
		assertThat(Headers.messageId(" <a@b> ")).isEqualTo("a@b");
		assertThat(Headers.messageId("bare@id")).isEqualTo("bare@id");
		assertThat(Headers.messageIds("<1@x> <2@x>\t<3@x>")).containsExactly("1@x", "2@x", "3@x");
		assertThat(Headers.messageId(null)).isNull();
	}

}
