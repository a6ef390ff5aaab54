package dev.mailroom.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.parse;
import static dev.mailroom.mime.CorpusTestSupport.part;
import static org.assertj.core.api.Assertions.assertThat;

class RepliesTests {

	private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

	private static final OffsetDateTime DATE = OffsetDateTime.parse("2024-06-03T14:05:09+09:00");

	private static final Mailbox ME = new Mailbox("나", "me@mailroom.test");

	private final Replies english = new Replies(Set.of("me@mailroom.test", "Alias@Mailroom.test"), SEOUL,
			Locale.ENGLISH);

	private final Replies korean = new Replies(Set.of("me@mailroom.test"), SEOUL, Locale.KOREAN);

	@Test
	void replySubjectIsPrefixedOnce() {
		assertThat(Replies.replySubject("회의 일정")).isEqualTo("Re: 회의 일정");
		assertThat(Replies.replySubject("  Quarterly report ")).isEqualTo("Re: Quarterly report");
		for (String reply : List.of("Re: x", "RE: x", "re: x", "Re:x", "Re : x", "Re[2]: x", "RE [3]: x", "Re(2): x",
				"AW: x", "Aw: x", "SV: x", "Antw: x", "회신: x", "답장: x", "답장 : x", "回复：x", "Re: Re: x")) {
			assertThat(Replies.replySubject(reply)).as(reply).isEqualTo(reply.strip());
		}
		assertThat(Replies.replySubject("Fwd: x")).isEqualTo("Re: Fwd: x");
		assertThat(Replies.replySubject("Review: x")).isEqualTo("Re: Review: x");
		assertThat(Replies.replySubject("Regarding x")).isEqualTo("Re: Regarding x");
		assertThat(Replies.replySubject("[list] Re: x")).isEqualTo("Re: [list] Re: x");
		assertThat(Replies.replySubject("")).isEqualTo("Re:");
		assertThat(Replies.replySubject(null)).isEqualTo("Re:");
	}

	@Test
	void forwardSubjectIsPrefixedOnce() {
		assertThat(Replies.forwardSubject("보고서 첨부")).isEqualTo("Fwd: 보고서 첨부");
		for (String forward : List.of("Fwd: x", "FWD: x", "FW: x", "Fw: x", "WG: x", "전달: x", "Fwd[2]: x")) {
			assertThat(Replies.forwardSubject(forward)).as(forward).isEqualTo(forward);
		}
		assertThat(Replies.forwardSubject("Re: x")).isEqualTo("Fwd: Re: x");
		assertThat(Replies.forwardSubject(null)).isEqualTo("Fwd:");
	}

	@Test
	void replyGoesToTheAuthorAndQuotesTheKoreanTextInEnglish() {
		PrefilledDraft reply = this.english.reply(parse("utf8-b-subject-base64-body.eml"));
		assertThat(reply.to()).containsExactly(new Mailbox("보낸사람", "sender@example.com"));
		assertThat(reply.cc()).isEmpty();
		assertThat(reply.subject()).isEqualTo("Re: 회의 일정 안내");
		assertThat(reply.inReplyTo()).isEqualTo("utf8-b@example.com");
		assertThat(reply.references()).containsExactly("utf8-b@example.com");
		assertThat(reply.attachments()).isEmpty();
		assertThat(reply.text()).isEqualTo(
				"\n\nOn Mon, Jun 3, 2024 at 2:05 PM, 보낸사람 wrote:\n> 안녕하세요.\n" + "> 다음 주 월요일 오전 10시에 회의가 있습니다.\n");
	}

	@Test
	void replyQuotesInKoreanWithTheDateInTheGivenZone() {
		PrefilledDraft reply = this.korean.reply(parse("utf8-b-subject-base64-body.eml"));
		assertThat(reply.text())
			.isEqualTo("\n\n2024년 6월 3일 (월) 오후 2:05, 보낸사람 님이 작성:\n> 안녕하세요.\n" + "> 다음 주 월요일 오전 10시에 회의가 있습니다.\n");
		Replies utc = new Replies(Set.of(), ZoneId.of("UTC"), Locale.KOREAN);
		assertThat(utc.attribution(summary().build())).isEqualTo("2024년 6월 3일 (월) 오전 5:05, 홍길동 님이 작성:");
		Replies newYork = new Replies(null, ZoneId.of("America/New_York"), null);
		assertThat(newYork.attribution(summary().build())).isEqualTo("On Mon, Jun 3, 2024 at 1:05 AM, 홍길동 wrote:");
	}

	@Test
	void replyGoesToReplyToWhenPresent() {
		ParsedMessage original = parse("korean-display-names.eml");
		PrefilledDraft reply = this.english.reply(original);
		assertThat(reply.to()).containsExactly(new Mailbox(null, "reply@example.com"));
		assertThat(reply.subject()).isEqualTo("Re: names");
		assertThat(reply.inReplyTo()).isEqualTo("names@example.com");
		assertThat(reply.references()).containsExactly("root@example.com", "parent@example.com", "names@example.com");
		assertThat(reply.text()).startsWith("\n\nOn Mon, Jun 3, 2024 at 2:05 PM, 김철수 wrote:\n> hello");
	}

	@Test
	void replyAllGoesToReplyToAndToWithCcKeptAndSelfRemoved() {
		Replies park = new Replies(Set.of("PARK@example.com"), SEOUL, Locale.ENGLISH);
		PrefilledDraft reply = park.replyAll(parse("korean-display-names.eml"));
		assertThat(reply.to()).containsExactly(new Mailbox(null, "reply@example.com"),
				new Mailbox("이영희", "younghee@example.co.kr"));
		assertThat(reply.cc()).containsExactly(new Mailbox("최 팀장", "choi@example.com"),
				new Mailbox(null, "a@example.com"), new Mailbox("비", "b@example.com"),
				new Mailbox("정 대리", "jung@example.com"));
		assertThat(reply.subject()).isEqualTo("Re: names");
		assertThat(reply.references()).containsExactly("root@example.com", "parent@example.com", "names@example.com");
	}

	@Test
	void replyAllRemovesTheUsersAddressAndAliasesInAnyCase() {
		MessageSummary original = summary().from(new Mailbox("부장님", "boss@example.com"))
			.to(new Mailbox("나", "ME@mailroom.test"), new Mailbox(null, "alias@mailroom.TEST"),
					new Mailbox("동료", "colleague@example.com"))
			.cc(new Mailbox(null, "Me@Mailroom.Test"), new Mailbox("팀", "team@example.com"))
			.build();
		PrefilledDraft reply = this.english.replyAll(original, "본문");
		assertThat(reply.to()).containsExactly(new Mailbox("부장님", "boss@example.com"),
				new Mailbox("동료", "colleague@example.com"));
		assertThat(reply.cc()).containsExactly(new Mailbox("팀", "team@example.com"));
		assertThat(this.english.reply(original, "본문").to()).containsExactly(new Mailbox("부장님", "boss@example.com"));
	}

	@Test
	void replyAllDropsDuplicateAddressesKeepingTheFirstAndAName() {
		MessageSummary original = summary().from(new Mailbox(null, "kim@example.com"))
			.to(new Mailbox("김민수", "KIM@example.com"), new Mailbox("Lee", "lee@example.com"),
					new Mailbox(null, "lee@example.com"))
			.cc(new Mailbox("이", "LEE@EXAMPLE.COM"), new Mailbox(null, "kim@example.com"),
					new Mailbox("박", "park@example.com"), new Mailbox("박 대리", "Park@Example.com"))
			.build();
		PrefilledDraft reply = this.english.replyAll(original, null);
		assertThat(reply.to()).containsExactly(new Mailbox("김민수", "kim@example.com"),
				new Mailbox("Lee", "lee@example.com"));
		assertThat(reply.cc()).containsExactly(new Mailbox("박", "park@example.com"));
	}

	@Test
	void replyToTheUsersOwnMessageGoesToItsRecipients() {
		MessageSummary sent = summary().from(ME)
			.to(new Mailbox("이영희", "younghee@example.com"), new Mailbox(null, "alias@mailroom.test"))
			.cc(new Mailbox("박", "park@example.com"))
			.build();
		assertThat(this.english.reply(sent, "x").to()).containsExactly(new Mailbox("이영희", "younghee@example.com"));
		PrefilledDraft all = this.english.replyAll(sent, "x");
		assertThat(all.to()).containsExactly(new Mailbox("이영희", "younghee@example.com"));
		assertThat(all.cc()).containsExactly(new Mailbox("박", "park@example.com"));
	}

	@Test
	void replyToAMessageTheUserSentThemselvesGoesToThemselves() {
		MessageSummary note = summary().from(ME).to(new Mailbox(null, "me@mailroom.test")).build();
		assertThat(this.english.reply(note, "x").to()).containsExactly(ME);
		assertThat(this.english.replyAll(note, "x").to()).containsExactly(ME);
		assertThat(this.english.replyAll(note, "x").cc()).isEmpty();
		// No author: nobody to reply to, even when the message had other recipients.
		MessageSummary anonymous = summary().from().to(ME, new Mailbox(null, "other@example.com")).build();
		assertThat(this.english.reply(anonymous, "x").to()).isEmpty();
		assertThat(this.english.replyAll(anonymous, "x").to()).containsExactly(new Mailbox(null, "other@example.com"));
		// Only Cc left: it becomes To.
		MessageSummary ccOnly = summary().from(ME)
			.to(new Mailbox(null, "me@mailroom.test"))
			.cc(new Mailbox("박", "park@example.com"))
			.build();
		PrefilledDraft all = this.english.replyAll(ccOnly, "x");
		assertThat(all.to()).containsExactly(new Mailbox("박", "park@example.com"));
		assertThat(all.cc()).isEmpty();
	}

	@Test
	void missingMessageIdLeavesInReplyToOutAndKeepsTheThread() {
		MessageSummary noId = summary().messageId(null).references("root@x", "parent@x").build();
		PrefilledDraft reply = this.english.reply(noId, "x");
		assertThat(reply.inReplyTo()).isNull();
		assertThat(reply.references()).containsExactly("root@x", "parent@x");
		MessageSummary nothing = summary().messageId(null).build();
		assertThat(this.english.reply(nothing, "x").references()).isEmpty();
		assertThat(this.english.reply(nothing, "x").toDraft(ME).inReplyTo()).isNull();
	}

	@Test
	void withoutReferencesTheParentsInReplyToStartsThem() {
		MessageSummary original = summary().messageId("child@x").inReplyTo("parent@x").build();
		assertThat(Replies.references(original)).containsExactly("parent@x", "child@x");
	}

	@Test
	void longReferencesKeepTheFirstAndTheLastTwenty() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			ids.add("id" + i + "@x");
		}
		MessageSummary original = summary().messageId("last@x").references(ids.toArray(String[]::new)).build();
		List<String> references = Replies.references(original);
		assertThat(references).hasSize(Replies.MAX_REFERENCES);
		List<String> expected = new ArrayList<>();
		expected.add("id0@x");
		expected.addAll(ids.subList(11, 30));
		expected.add("last@x");
		assertThat(references).containsExactlyElementsOf(expected);
	}

	@Test
	void referencesDropRepeatsAndIdsThatCannotBeWritten() {
		MessageSummary original = summary().messageId("c@x")
			.references("a@x", "c@x", "b@x", "a@x", "bad id@x", "<in>brackets@x")
			.build();
		assertThat(Replies.references(original)).containsExactly("a@x", "b@x", "c@x");
		assertThat(this.english.reply(summary().messageId("bad id").build(), "x").inReplyTo()).isNull();
	}

	@Test
	void quotePrefixesEveryLineAndDropsTrailingEmptyLines() {
		String quote = this.english.quote(summary().build(), "첫 줄\r\n\r\n> 이전 인용\r셋째 줄  \n\n\n");
		assertThat(quote).isEqualTo("On Mon, Jun 3, 2024 at 2:05 PM, 홍길동 wrote:\n> 첫 줄\n>\n> > 이전 인용\n> 셋째 줄\n");
		assertThat(this.english.quote(summary().build(), null))
			.isEqualTo("On Mon, Jun 3, 2024 at 2:05 PM, 홍길동 wrote:\n");
	}

	@Test
	void attributionWithoutDateNameOrAuthor() {
		assertThat(this.english.attribution(summary().date(null).build())).isEqualTo("홍길동 wrote:");
		assertThat(this.korean.attribution(summary().date(null).build())).isEqualTo("홍길동 님이 작성:");
		assertThat(this.english.attribution(summary().from(new Mailbox(null, "hong@example.com")).build()))
			.isEqualTo("On Mon, Jun 3, 2024 at 2:05 PM, hong@example.com wrote:");
		assertThat(this.english.attribution(summary().from().build()))
			.isEqualTo("On Mon, Jun 3, 2024 at 2:05 PM, Unknown sender wrote:");
	}

	@Test
	void forwardInlineCarriesTheHeaderBlockTextAndAttachments() {
		byte[] raw = corpus("mixed-pdf-rfc2231.eml");
		ParsedMessage original = parse("mixed-pdf-rfc2231.eml");
		PrefilledDraft forward = this.english.forwardInline(original, Replies.contentsOf(raw));
		assertThat(forward.to()).isEmpty();
		assertThat(forward.cc()).isEmpty();
		assertThat(forward.inReplyTo()).isNull();
		assertThat(forward.references()).isEmpty();
		assertThat(forward.subject()).isEqualTo("Fwd: 보고서 첨부");
		assertThat(forward.text()).isEqualTo("\n\n---------- Forwarded message ---------\n"
				+ "From: 보낸사람 <sender@example.com>\nDate: Mon, Jun 3, 2024 at 2:05 PM\nSubject: 보고서 첨부\n"
				+ "To: recipient@example.com\n\n보고서를 첨부합니다.\n");
		assertThat(forward.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.filename()).isEqualTo("보고서.pdf");
			assertThat(attachment.contentType()).isEqualTo("application/pdf");
			assertThat(attachment.inline()).isFalse();
			assertThat(new String(attachment.content(), java.nio.charset.StandardCharsets.ISO_8859_1))
				.startsWith("%PDF-1.4");
		});
		ParsedMessage composed = roundTrip(forward);
		assertThat(composed.summary().subject()).isEqualTo("Fwd: 보고서 첨부");
		assertThat(part(composed.body(), "2").filename()).isEqualTo("보고서.pdf");
		assertThat(part(composed.body(), "1").text()).contains("To: recipient@example.com\n\n보고서를 첨부합니다.");
	}

	@Test
	void forwardInlineInKoreanWithCc() {
		MessageSummary original = summary().cc(new Mailbox("박", "park@example.com"), new Mailbox(null, "b@x.com"))
			.build();
		PrefilledDraft forward = this.korean.forwardInline(original, "본문\n", null);
		assertThat(forward.text()).isEqualTo("\n\n---------- 전달된 메시지 ----------\n보낸사람: 홍길동 <hong@example.com>\n"
				+ "날짜: 2024년 6월 3일 (월) 오후 2:05\n제목: 회의 일정\n받는사람: 이영희 <younghee@example.com>\n"
				+ "참조: 박 <park@example.com>, b@x.com\n\n본문\n");
		assertThat(forward.subject()).isEqualTo("Fwd: 회의 일정");
		assertThat(forward.attachments()).isEmpty();
	}

	@Test
	void forwardInlineOfAForwardCarriesTheEmbeddedMessageWhole() {
		byte[] raw = corpus("forwarded-rfc822.eml");
		ParsedMessage original = parse("forwarded-rfc822.eml");
		assertThat(Replies.forwardableParts(original.body())).extracting(MimePart::path).containsExactly("2");
		PrefilledDraft forward = this.english.forwardInline(original, Replies.contentsOf(raw));
		assertThat(forward.subject()).isEqualTo("전달: 원본 메일 제목");
		assertThat(forward.text()).endsWith("\n\n전달합니다.\n");
		Attachment embedded = forward.attachments().get(0);
		assertThat(embedded.contentType()).isEqualTo("message/rfc822");
		assertThat(embedded.filename()).isEqualTo("원본 메일 제목.eml");
		MimePart body = roundTrip(forward).body();
		assertThat(part(body, "2").contentType()).isEqualTo("message/rfc822");
		assertThat(part(body, "2.1").text()).isEqualTo("원본 메일 본문입니다.");
		assertThat(part(body, "2.2").filename()).isEqualTo("data.csv");
	}

	@Test
	void forwardInlineLeavesInlineImagesOutAndSkipsPartsWithoutContent() {
		ParsedMessage original = parse("related-inline-image.eml");
		assertThat(Replies.forwardableParts(original.body())).isEmpty();
		ParsedMessage mixed = parse("mixed-pdf-rfc2231.eml");
		assertThat(this.english.forwardInline(mixed, (part) -> null).attachments()).isEmpty();
	}

	@Test
	void forwardInlineLabelsTextAttachmentsWithTheirCharsetAndWritesOtherTypesAsFiles() {
		String message = "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
				+ "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"
				+ "--b\r\nContent-Type: text/plain; charset=euc-kr\r\n"
				+ "Content-Disposition: attachment; filename=\"notes.txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
				+ "jGO55rCix88gLiCU7iEK\r\n"
				+ "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n"
				+ "--b--\r\n";
		byte[] raw = message.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		ParsedMessage original = new MimeParser().parse(new ByteArrayInputStream(raw));
		PrefilledDraft forward = this.english.forwardInline(original, Replies.contentsOf(raw));
		assertThat(forward.attachments()).extracting(Attachment::contentType)
			.containsExactly("text/plain; charset=ks_c_5601-1987", "application/octet-stream");
		MimePart body = roundTrip(forward).body();
		assertThat(part(body, "2").filename()).isEqualTo("notes.txt");
		assertThat(part(body, "2").text()).isEqualTo("똠방각하 . 뷁!\n");
		assertThat(part(body, "3").contentType()).isEqualTo("application/octet-stream");
	}

	@Test
	void forwardAsAttachmentCarriesTheOriginalWhole() {
		byte[] raw = corpus("euckr-base64.eml");
		MessageSummary original = parse("euckr-base64.eml").summary();
		PrefilledDraft forward = this.english.forwardAsAttachment(original, raw);
		assertThat(forward.subject()).isEqualTo("Fwd: 월간 소식지 6월호");
		assertThat(forward.to()).isEmpty();
		assertThat(forward.text()).isEmpty();
		assertThat(forward.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.contentType()).isEqualTo("message/rfc822");
			assertThat(attachment.filename()).isEqualTo("월간 소식지 6월호.eml");
			assertThat(attachment.content()).isEqualTo(raw);
		});
		MimePart embedded = part(roundTrip(forward).body(), "2");
		assertThat(embedded.contentType()).isEqualTo("message/rfc822");
		assertThat(embedded.children().get(0).text()).isEqualTo("6월 소식을 전해 드립니다.\n");
	}

	@Test
	void replyDraftComposesWithThreadingHeaders() {
		PrefilledDraft reply = this.korean.replyAll(parse("korean-display-names.eml"));
		Composed composed = new MessageComposer("mailroom.test").compose(reply.toDraft(ME), Instant.now());
		ParsedMessage parsed = new MimeParser().parse(new ByteArrayInputStream(composed.raw()));
		assertThat(parsed.summary().inReplyTo()).isEqualTo("names@example.com");
		assertThat(parsed.summary().references()).containsExactly("root@example.com", "parent@example.com",
				"names@example.com");
		assertThat(parsed.summary().subject()).isEqualTo("Re: names");
		assertThat(parsed.summary().from()).containsExactly(ME);
		assertThat(parsed.body().text()).isEqualTo("\n\n2024년 6월 3일 (월) 오후 2:05, 김철수 님이 작성:\n> hello\n");
	}

	@Test
	void bodyTextPrefersPlainTextAndConvertsHtmlOnlyMail() {
		assertThat(Replies.bodyText(parse("alternative-text-html.eml"))).startsWith("텍스트 본문입니다.");
		assertThat(Replies.bodyText(parse("html-only.eml"))).isEqualTo("공지사항\n\n서버 점검이 예정되어 있습니다.");
		assertThat(Replies.bodyText(parse("related-inline-image.eml"))).isEqualTo("로고가 있는 메일");
		assertThat(Replies.bodyText(parse("mixed-pdf-rfc2231.eml"))).isEqualTo("보고서를 첨부합니다.");
		assertThat(Replies.bodyText(parse("forwarded-rfc822.eml"))).isEqualTo("전달합니다.");
	}

	private static ParsedMessage roundTrip(PrefilledDraft draft) {
		Composed composed = new MessageComposer("mailroom.test").compose(draft.toDraft(ME), Instant.now());
		return new MimeParser().parse(new ByteArrayInputStream(composed.raw()));
	}

	private static byte[] corpus(String name) {
		try (InputStream in = CorpusTestSupport.open(name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SummaryBuilder summary() {
		return new SummaryBuilder();
	}

	/** A summary of a message from 홍길동 to 이영희, changed where a test needs. */
	private static final class SummaryBuilder {

		private List<Mailbox> from = List.of(new Mailbox("홍길동", "hong@example.com"));

		private List<Mailbox> to = List.of(new Mailbox("이영희", "younghee@example.com"));

		private List<Mailbox> cc = List.of();

		private List<Mailbox> replyTo = List.of();

		private OffsetDateTime date = DATE;

		private String messageId = "original@example.com";

		private String inReplyTo;

		private List<String> references = List.of();

		SummaryBuilder from(Mailbox... from) {
			this.from = List.of(from);
			return this;
		}

		SummaryBuilder to(Mailbox... to) {
			this.to = List.of(to);
			return this;
		}

		SummaryBuilder cc(Mailbox... cc) {
			this.cc = List.of(cc);
			return this;
		}

		SummaryBuilder date(OffsetDateTime date) {
			this.date = date;
			return this;
		}

		SummaryBuilder messageId(String messageId) {
			this.messageId = messageId;
			return this;
		}

		SummaryBuilder inReplyTo(String inReplyTo) {
			this.inReplyTo = inReplyTo;
			return this;
		}

		SummaryBuilder references(String... references) {
			this.references = List.of(references);
			return this;
		}

		MessageSummary build() {
			return new MessageSummary(this.from, this.to, this.cc, this.replyTo, "회의 일정", this.date, this.messageId,
					this.inReplyTo, this.references, "", false);
		}

	}

}
