package dev.mailroom.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageComposerTests {

	private static final Instant DATE = Instant.parse("2026-06-04T01:02:03Z");

	private static final Mailbox FROM = new Mailbox("김철수", "chulsoo@example.com");

	private static final Mailbox TO = new Mailbox("이영희", "younghee@example.com");

	private static final byte[] PDF = "%PDF-1.7 견적".getBytes(StandardCharsets.UTF_8);

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13 };

	private final MessageComposer composer = new MessageComposer("mail.example.com");

	private final MimeParser parser = new MimeParser();

	@Test
	void writesGeneratedMessageIdDateAndMimeVersion() {
		Composed composed = compose(draft().text("Hi"));
		assertThat(composed.messageId()).matches("[0-9a-f]{32}@mail\\.example\\.com");
		String raw = ascii(composed);
		assertThat(raw).contains("\r\nMessage-ID: <" + composed.messageId() + ">\r\n")
			.contains("Date: Thu, 4 Jun 2026 01:02:03 +0000\r\n")
			.contains("\r\nMIME-Version: 1.0\r\n");
		MessageSummary summary = parse(composed).summary();
		assertThat(summary.messageId()).isEqualTo(composed.messageId());
		assertThat(summary.date()).isEqualTo(OffsetDateTime.of(2026, 6, 4, 1, 2, 3, 0, ZoneOffset.UTC));
	}

	@Test
	void generatesADifferentMessageIdForEachMessage() {
		assertThat(compose(draft().text("Hi")).messageId()).isNotEqualTo(compose(draft().text("Hi")).messageId());
	}

	@Test
	void encodesKoreanSubjectAndDisplayNamesAsRfc2047Utf8() {
		Composed composed = compose(draft().subject("다음 주 회의 일정 및 견적서 검토 요청드립니다 (2026년 상반기 예산 관련)")
			.to(new Mailbox("이영희 과장님 (마케팅팀 해외영업부 아시아태평양 지역 담당)", "younghee@example.com"),
					new Mailbox("Kim, Minsu", "minsu@example.com"))
			.cc(new Mailbox("박지성", "jisung@example.com"))
			.replyTo(new Mailbox("영업팀", "sales@example.com"))
			.text("Hi"));
		String headers = headerBlock(ascii(composed));
		assertThat(headers).contains("From: =?UTF-8?B?").contains("Subject: =?UTF-8?B?");
		assertThat(new String(composed.raw(), StandardCharsets.ISO_8859_1)).matches("\\p{ASCII}*");
		MessageSummary summary = parse(composed).summary();
		assertThat(summary.subject()).isEqualTo("다음 주 회의 일정 및 견적서 검토 요청드립니다 (2026년 상반기 예산 관련)");
		assertThat(summary.from()).containsExactly(FROM);
		assertThat(summary.to()).containsExactly(
				new Mailbox("이영희 과장님 (마케팅팀 해외영업부 아시아태평양 지역 담당)", "younghee@example.com"),
				new Mailbox("Kim, Minsu", "minsu@example.com"));
		assertThat(summary.cc()).containsExactly(new Mailbox("박지성", "jisung@example.com"));
		assertThat(summary.replyTo()).containsExactly(new Mailbox("영업팀", "sales@example.com"));
	}

	@Test
	void writesAsciiSubjectAndNamesAsTheyAre() {
		String raw = ascii(compose(draft().subject("Quarterly report")
			.to(new Mailbox("Minsu Kim", "minsu@example.com"), new Mailbox(null, "bare@example.com"))
			.text("Hi")));
		assertThat(raw).contains("\r\nSubject: Quarterly report\r\n")
			.contains("\r\nTo: Minsu Kim <minsu@example.com>, bare@example.com\r\n");
	}

	@Test
	void koreanBodyIsBase64() {
		String text = "안녕하세요.\n다음 주 월요일 오전 10시에 회의가 있습니다.\n견적서를 검토해 주세요.\n";
		Composed composed = compose(draft().text(text));
		assertThat(transferEncoding(ascii(composed), "text/plain")).isEqualTo("base64");
		MimePart body = parse(composed).body();
		assertThat(body.contentType()).isEqualTo("text/plain");
		assertThat(body.charset()).isEqualTo("UTF-8");
		assertThat(body.text()).isEqualTo(text);
	}

	@Test
	void mostlyEnglishBodyWithAFewKoreanWordsIsQuotedPrintable() {
		String text = "Hello team,\n\nThe meeting with the 서울 office moves to Monday at 10am.\n"
				+ "Please bring the quotation (견적서) and the budget sheet for the first half.\n\nThanks,\nMinsu\n";
		Composed composed = compose(draft().text(text));
		assertThat(transferEncoding(ascii(composed), "text/plain")).isEqualTo("quoted-printable");
		assertThat(parse(composed).body().text()).isEqualTo(text);
	}

	@Test
	void asciiBodyWithShortLinesIsSevenBitAndReadable() {
		String text = "Hello,\nsee you at 10.\n";
		Composed composed = compose(draft().text(text));
		String raw = ascii(composed);
		assertThat(transferEncoding(raw, "text/plain")).isEqualTo("7bit");
		assertThat(raw).endsWith("\r\n\r\nHello,\r\nsee you at 10.\r\n");
		assertThat(parse(composed).body().text()).isEqualTo(text);
	}

	@Test
	void asciiBodyWithALongLineIsQuotedPrintableWithSoftBreaks() {
		String text = "word ".repeat(60).trim() + "\nend\n";
		Composed composed = compose(draft().text(text));
		String raw = ascii(composed);
		assertThat(transferEncoding(raw, "text/plain")).isEqualTo("quoted-printable");
		assertThat(lines(composed)).allMatch((line) -> line.length() <= 78);
		assertThat(parse(composed).body().text()).isEqualTo(text);
	}

	@Test
	void bareLineFeedsAndCarriageReturnsBecomeCrlf() {
		Composed composed = compose(draft().text("one\ntwo\rthree\r\nfour").html("<p>a</p>\n<p>b</p>"));
		assertBareCrOrLfAbsent(composed.raw());
		MimePart body = parse(composed).body();
		assertThat(part(body, "1").text()).isEqualTo("one\ntwo\nthree\nfour");
		assertThat(part(body, "2").text()).isEqualTo("<p>a</p>\n<p>b</p>");
	}

	@Test
	void textAndHtmlBecomeMultipartAlternativeWithHtmlLast() {
		Composed composed = compose(draft().text("안녕하세요, 회의 일정입니다.").html("<p>안녕하세요, <b>회의</b> 일정입니다.</p>"));
		MimePart body = parse(composed).body();
		assertThat(body.contentType()).isEqualTo("multipart/alternative");
		assertThat(body.children()).extracting(MimePart::contentType).containsExactly("text/plain", "text/html");
		assertThat(part(body, "1").text()).isEqualTo("안녕하세요, 회의 일정입니다.");
		assertThat(part(body, "2").text()).isEqualTo("<p>안녕하세요, <b>회의</b> 일정입니다.</p>");
		assertThat(parse(composed).summary().preview()).isEqualTo("안녕하세요, 회의 일정입니다.");
	}

	@Test
	void htmlAloneIsASingleHtmlPart() {
		Composed composed = compose(draft().html("<p>Hello</p>"));
		MimePart body = parse(composed).body();
		assertThat(body.path()).isEqualTo("1");
		assertThat(body.contentType()).isEqualTo("text/html");
		assertThat(body.text()).isEqualTo("<p>Hello</p>");
		assertThat(transferEncoding(ascii(composed), "text/html")).isEqualTo("7bit");
	}

	@Test
	void attachmentWithKoreanNameHasRfc2231AndRfc2047Names() {
		Composed composed = compose(
				draft().text("견적서를 보내 드립니다.").attach(Attachment.file("견적서 2026.pdf", "application/pdf", PDF)));
		String raw = ascii(composed);
		assertThat(raw).contains("Content-Type: application/pdf; name=\"=?UTF-8?B?6rKs7KCB7IScIDIwMjYucGRm?=\"\r\n")
			.contains("Content-Disposition: attachment;\r\n filename=\"=?UTF-8?B?6rKs7KCB7IScIDIwMjYucGRm?=\";\r\n"
					+ " filename*=UTF-8''%EA%B2%AC%EC%A0%81%EC%84%9C%202026.pdf\r\n");
		assertThat(transferEncoding(raw, "application/pdf")).isEqualTo("base64");
		ParsedMessage message = parse(composed);
		assertThat(message.summary().hasAttachments()).isTrue();
		MimePart body = message.body();
		assertThat(body.contentType()).isEqualTo("multipart/mixed");
		assertThat(part(body, "1").text()).isEqualTo("견적서를 보내 드립니다.");
		MimePart pdf = part(body, "2");
		assertThat(pdf.contentType()).isEqualTo("application/pdf");
		assertThat(pdf.disposition()).isEqualTo("attachment");
		assertThat(pdf.filename()).isEqualTo("견적서 2026.pdf");
		assertThat(copyPart(composed, "2")).isEqualTo(PDF);
	}

	@Test
	void clientsWithoutRfc2231ReadTheRfc2047FallbackNames() {
		String raw = ascii(compose(draft().text("Hi").attach(Attachment.file("견적서 2026.pdf", null, PDF))));
		// As Outlook 2007 reads them: the filename* parameter ignored.
		String disposition = unfoldedField(raw, "Content-Disposition").replaceAll(";\\s*filename\\*[^;]*", "");
		assertThat(disposition).isEqualTo("attachment; filename=\"=?UTF-8?B?6rKs7KCB7IScIDIwMjYucGRm?=\"");
		assertThat(Headers.fileName(Headers.parseContentHeader(disposition).parameter("filename")))
			.isEqualTo("견적서 2026.pdf");
		String contentType = unfoldedField(raw.substring(raw.indexOf("application/octet-stream") - 14), "Content-Type");
		assertThat(contentType).isEqualTo("application/octet-stream; name=\"=?UTF-8?B?6rKs7KCB7IScIDIwMjYucGRm?=\"");
		assertThat(Headers.fileName(Headers.parseContentHeader(contentType).parameter("name")))
			.isEqualTo("견적서 2026.pdf");
	}

	@Test
	void longKoreanFileNameIsSplitIntoRfc2231ContinuationsWithinTheLineLimit() {
		String name = "아주 긴 파일 이름입니다 정말로 아주 아주 긴 파일 이름 견적서 2026년 상반기 최종본.pdf";
		Composed composed = compose(draft().text("Hi").attach(Attachment.file(name, "application/pdf", PDF)));
		String raw = ascii(composed);
		assertThat(raw).contains(" filename*0*=UTF-8''%EC%95%84").contains(" filename*1*=");
		assertThat(lines(composed)).allMatch((line) -> line.length() <= 78);
		MimePart pdf = part(parse(composed).body(), "2");
		assertThat(pdf.filename()).isEqualTo(name);
	}

	@Test
	void shortAsciiFileNameIsWrittenPlainOnly() {
		Composed composed = compose(draft().text("Hi")
			.attach(Attachment.file("report \"final\".csv", "text/csv; charset=utf-8", "a,b\n".getBytes())));
		String raw = ascii(composed);
		assertThat(raw).contains("Content-Type: text/csv; charset=utf-8; name=\"report \\\"final\\\".csv\"\r\n")
			.contains("Content-Disposition: attachment; filename=\"report \\\"final\\\".csv\"\r\n")
			.doesNotContain("filename*");
		MimePart csv = part(parse(composed).body(), "2");
		assertThat(csv.filename()).isEqualTo("report \"final\".csv");
		assertThat(copyPart(composed, "2")).isEqualTo("a,b\n".getBytes());
	}

	@Test
	void inlineImageGoesInMultipartRelatedWithTheHtmlAndItsContentId() {
		Composed composed = compose(draft().text("사진을 보세요")
			.html("<p>사진을 보세요 <img src=\"cid:photo1@mailroom\"></p>")
			.attach(Attachment.inline("사진.png", "image/png", PNG, "photo1@mailroom"))
			.attach(Attachment.file("견적서 2026.pdf", "application/pdf", PDF)));
		String raw = ascii(composed);
		assertThat(raw).contains("Content-ID: <photo1@mailroom>\r\n").contains("type=\"text/html\"");
		ParsedMessage message = parse(composed);
		MimePart body = message.body();
		assertThat(body.contentType()).isEqualTo("multipart/mixed");
		assertThat(part(body, "1").contentType()).isEqualTo("multipart/alternative");
		assertThat(part(body, "1.1").text()).isEqualTo("사진을 보세요");
		assertThat(part(body, "1.2").contentType()).isEqualTo("multipart/related");
		assertThat(part(body, "1.2.1").text()).isEqualTo("<p>사진을 보세요 <img src=\"cid:photo1@mailroom\"></p>");
		MimePart image = part(body, "1.2.2");
		assertThat(image.contentType()).isEqualTo("image/png");
		assertThat(image.contentId()).isEqualTo("photo1@mailroom");
		assertThat(image.disposition()).isEqualTo("inline");
		assertThat(image.filename()).isEqualTo("사진.png");
		assertThat(image.isAttachment()).isFalse();
		assertThat(copyPart(composed, "1.2.2")).isEqualTo(PNG);
		assertThat(part(body, "2").filename()).isEqualTo("견적서 2026.pdf");
	}

	@Test
	void inlineImageWithoutAttachmentsIsRelatedInsideAlternative() {
		MimePart body = parse(compose(draft().text("see")
			.html("<img src=\"cid:a@b\">")
			.attach(Attachment.inline(null, "image/png", PNG, "<a@b>")))).body();
		assertThat(body.contentType()).isEqualTo("multipart/alternative");
		assertThat(part(body, "2.2").contentId()).isEqualTo("a@b");
		assertThat(part(body, "2.2").filename()).isNull();
	}

	@Test
	void bccRecipientsAreNotWritten() {
		Composed composed = compose(draft().text("Hi").bcc(new Mailbox("비밀 참조", "secret@example.com")));
		String raw = ascii(composed);
		assertThat(raw).doesNotContainIgnoringCase("bcc").doesNotContain("secret@example.com");
		assertThat(raw).doesNotContain("=?UTF-8?B?67mE67CAIOywuOyhsA==?=");
	}

	@Test
	void writesInReplyToAndReferences() {
		Composed composed = compose(draft().text("Re")
			.reply("<orig@example.com>", List.of("<root@example.com>", "middle@example.com", "orig@example.com")));
		String raw = ascii(composed);
		assertThat(raw).contains("\r\nIn-Reply-To: <orig@example.com>\r\n")
			.contains("\r\nReferences: <root@example.com> <middle@example.com> <orig@example.com>\r\n");
		MessageSummary summary = parse(composed).summary();
		assertThat(summary.inReplyTo()).isEqualTo("orig@example.com");
		assertThat(summary.references()).containsExactly("root@example.com", "middle@example.com", "orig@example.com");
	}

	@Test
	void foldsLongReferencesBetweenIds() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add("message-" + i + ".1234567890@mail.example.com");
		}
		Composed composed = compose(draft().text("Re").reply(ids.get(11), ids));
		assertThat(lines(composed)).allMatch((line) -> line.length() <= 78);
		assertThat(parse(composed).summary().references()).isEqualTo(ids);
	}

	@Test
	void writesExtraHeadersAndEncodesTheirText() {
		Map<String, String> extra = new LinkedHashMap<>();
		extra.put("X-Mailer", "Mailroom 웹메일");
		extra.put("List-Unsubscribe", "<mailto:unsubscribe@example.com>");
		String raw = ascii(compose(draft().text("Hi").extra(extra)));
		assertThat(raw).contains("\r\nX-Mailer: =?UTF-8?Q?Mailroom_=EC=9B=B9=EB=A9=94=EC=9D=BC?=\r\n")
			.contains("\r\nList-Unsubscribe: <mailto:unsubscribe@example.com>\r\n");
		assertThat(EncodedWords.decode("=?UTF-8?Q?Mailroom_=EC=9B=B9=EB=A9=94=EC=9D=BC?=")).isEqualTo("Mailroom 웹메일");
	}

	@Test
	void refusesExtraHeadersTheComposerWritesItself() {
		for (String name : List.of("Bcc", "from", "Content-Type", "MIME-Version", "Message-ID", "Date")) {
			assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi").extra(Map.of(name, "x"))));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").extra(Map.of("Bad Name", "x"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").extra(Map.of("Bad:Name", "x"))));
	}

	@Test
	void refusesHeaderInjectionInSubjectNamesAndHeaderValues() {
		String injection = "Hello\r\nBcc: x@y";
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi").subject(injection)));
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi").subject("Hello\nBcc: x@y")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").from(new Mailbox(injection, "a@example.com"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").to(new Mailbox(injection, "a@example.com"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").cc(new Mailbox("x", "a@example.com\r\nBcc: x@y"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").extra(Map.of("X-Note", injection))));
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi").reply(injection, List.of())));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").reply(null, List.of("a@b", "c@d\r\nBcc: x@y"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").attach(Attachment.file(injection, "application/pdf", PDF))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> compose(draft().text("Hi").attach(Attachment.file("a.pdf", "application/pdf\r\nBcc: x@y", PDF))));
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi")
			.html("<img src=\"cid:a@b\">")
			.attach(Attachment.inline("a.png", "image/png", PNG, "a@b>\r\nBcc: <x@y"))));
	}

	@Test
	void refusesADraftWithoutBody() {
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft()))
			.withMessageContaining("text or an HTML body");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().attach(Attachment.file("a.pdf", "application/pdf", PDF))));
	}

	@Test
	void emptyTextIsABody() {
		MimePart body = parse(compose(draft().text(""))).body();
		assertThat(body.contentType()).isEqualTo("text/plain");
		assertThat(body.text()).isEmpty();
	}

	@Test
	void refusesInvalidAddresses() {
		for (String address : List.of("no-at-sign", "two words@example.com", "a@b@c", "<a@example.com>",
				"a@example.com, b@example.com", "한글@example.com", "@example.com", "")) {
			assertThatIllegalArgumentException().as(address)
				.isThrownBy(() -> compose(draft().text("Hi").to(new Mailbox(null, address))));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").bcc(new Mailbox(null, "not an address"))));
		assertThatIllegalArgumentException().isThrownBy(() -> compose(draft().text("Hi").from(null)))
			.withMessageContaining("From");
	}

	@Test
	void refusesInlineAttachmentsWithoutHtmlOrContentId() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").attach(Attachment.inline("a.png", "image/png", PNG, "a@b"))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> compose(draft().html("<p>Hi</p>").attach(new Attachment("a.png", "image/png", PNG, true, null))));
	}

	@Test
	void refusesCompositeAttachmentTypesThatCannotBeBase64() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> compose(draft().text("Hi").attach(Attachment.file("a", "multipart/mixed; boundary=x", PDF))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").attach(Attachment.file("a", "message/partial", PDF))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> compose(draft().text("Hi").attach(Attachment.file("a", "not a type", PDF))));
	}

	@Test
	void refusesAnInvalidHostname() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MessageComposer("bad host"));
		assertThatIllegalArgumentException().isThrownBy(() -> new MessageComposer("host>\r\nBcc: x@y"));
	}

	@Test
	void everyLineEndsInCrlfAndStaysWithinTheLineLimits() {
		Composed composed = compose(draft().subject("아주 긴 제목입니다 ".repeat(8))
			.to(new Mailbox("받는 사람 ".repeat(6).trim(), "a@example.com"), new Mailbox("B", "b@example.com"),
					new Mailbox("C", "c@example.com"), new Mailbox("D", "d@example.com"))
			.cc(new Mailbox("참조 ".repeat(10).trim(), "cc@example.com"))
			.text("한국어 본문 ".repeat(100) + "\n" + "English ".repeat(100))
			.html("<p>" + "본문 ".repeat(200) + "</p>")
			.attach(Attachment.inline("그림 ".repeat(20) + ".png", "image/png", new byte[5000], "img@x"))
			.attach(Attachment.file("첨부 파일 ".repeat(20) + ".pdf", "application/pdf", new byte[5000])));
		assertBareCrOrLfAbsent(composed.raw());
		List<String> lines = lines(composed);
		assertThat(lines).allMatch((line) -> line.length() <= 998);
		// Every token here is short, so every line folds within 78 octets.
		assertThat(lines).allMatch((line) -> line.length() <= 78, "at most 78 octets");
		MessageSummary summary = parse(composed).summary();
		// The parser trims the subject; the trailing blank was encoded all the same.
		assertThat(summary.subject()).isEqualTo("아주 긴 제목입니다 ".repeat(8).strip());
		assertThat(summary.to().get(0).name()).isEqualTo("받는 사람 ".repeat(6).trim());
		assertThat(summary.cc().get(0).name()).isEqualTo("참조 ".repeat(10).trim());
	}

	private Composed compose(DraftBuilder builder) {
		return this.composer.compose(builder.build(), DATE);
	}

	private ParsedMessage parse(Composed composed) {
		return this.parser.parse(new ByteArrayInputStream(composed.raw()));
	}

	private byte[] copyPart(Composed composed, String path) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(this.parser.copyPart(new ByteArrayInputStream(composed.raw()), path, out)).isTrue();
		return out.toByteArray();
	}

	private static String ascii(Composed composed) {
		return new String(composed.raw(), StandardCharsets.US_ASCII);
	}

	private static List<String> lines(Composed composed) {
		return List.of(ascii(composed).split("\r\n", -1));
	}

	/** The first field of that name in {@code raw}, unfolded (RFC 5322 2.2.3). */
	private static String unfoldedField(String raw, String name) {
		Matcher matcher = Pattern.compile("(?:^|\r\n)" + name + ": ((?:[^\r]|\r\n[ \t])*)\r\n").matcher(raw);
		assertThat(matcher.find()).as(name).isTrue();
		return matcher.group(1).replace("\r\n", "");
	}

	private static String headerBlock(String raw) {
		return raw.substring(0, raw.indexOf("\r\n\r\n"));
	}

	/** The Content-Transfer-Encoding of the first part (or message) of that type. */
	private static String transferEncoding(String raw, String contentType) {
		int start = raw.indexOf("Content-Type: " + contentType);
		assertThat(start).as(contentType).isNotNegative();
		int blockStart = Math.max(raw.lastIndexOf("\r\n\r\n", start), 0);
		String block = raw.substring(blockStart, raw.indexOf("\r\n\r\n", start));
		Matcher matcher = Pattern.compile("\r\nContent-Transfer-Encoding: (\\S+)\r").matcher(block + "\r");
		assertThat(matcher.find()).as("Content-Transfer-Encoding of " + contentType).isTrue();
		return matcher.group(1);
	}

	private static void assertBareCrOrLfAbsent(byte[] raw) {
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == '\r') {
				assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
			}
			if (raw[i] == '\n') {
				assertThat(i > 0 && raw[i - 1] == '\r').as("LF at %d follows CR", i).isTrue();
			}
		}
	}

	private static DraftBuilder draft() {
		return new DraftBuilder();
	}

	private static final class DraftBuilder {

		private Mailbox from = FROM;

		private List<Mailbox> to = List.of(TO);

		private List<Mailbox> cc = List.of();

		private List<Mailbox> bcc = List.of();

		private List<Mailbox> replyTo = List.of();

		private String subject;

		private String text;

		private String html;

		private final List<Attachment> attachments = new ArrayList<>();

		private String inReplyTo;

		private List<String> references = List.of();

		private Map<String, String> extra = Map.of();

		DraftBuilder from(Mailbox from) {
			this.from = from;
			return this;
		}

		DraftBuilder to(Mailbox... to) {
			this.to = List.of(to);
			return this;
		}

		DraftBuilder cc(Mailbox... cc) {
			this.cc = List.of(cc);
			return this;
		}

		DraftBuilder bcc(Mailbox... bcc) {
			this.bcc = List.of(bcc);
			return this;
		}

		DraftBuilder replyTo(Mailbox... replyTo) {
			this.replyTo = List.of(replyTo);
			return this;
		}

		DraftBuilder subject(String subject) {
			this.subject = subject;
			return this;
		}

		DraftBuilder text(String text) {
			this.text = text;
			return this;
		}

		DraftBuilder html(String html) {
			this.html = html;
			return this;
		}

		DraftBuilder attach(Attachment attachment) {
			this.attachments.add(attachment);
			return this;
		}

		DraftBuilder reply(String inReplyTo, List<String> references) {
			this.inReplyTo = inReplyTo;
			this.references = references;
			return this;
		}

		DraftBuilder extra(Map<String, String> extra) {
			this.extra = extra;
			return this;
		}

		Draft build() {
			return new Draft(this.from, this.to, this.cc, this.bcc, this.replyTo, this.subject, this.text, this.html,
					this.attachments, this.inReplyTo, this.references, this.extra);
		}

	}

}
