package dev.mailroom.mime;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.parse;
import static dev.mailroom.mime.CorpusTestSupport.summarize;
import static org.assertj.core.api.Assertions.assertThat;

class KoreanMailCorpusTests {

	@Test
	void decodesUtf8BEncodedSubjectAndBase64Body() {
		ParsedMessage message = parse("utf8-b-subject-base64-body.eml");
		MessageSummary summary = message.summary();
		assertThat(summary.subject()).isEqualTo("회의 일정 안내");
		assertThat(summary.from()).containsExactly(new Mailbox("보낸사람", "sender@example.com"));
		assertThat(summary.to()).containsExactly(new Mailbox(null, "recipient@example.com"));
		assertThat(summary.date()).isEqualTo(OffsetDateTime.parse("2024-06-03T14:05:09+09:00"));
		assertThat(summary.messageId()).isEqualTo("utf8-b@example.com");
		assertThat(summary.preview()).isEqualTo("안녕하세요. 다음 주 월요일 오전 10시에 회의가 있습니다.");
		assertThat(summary.hasAttachments()).isFalse();
		MimePart body = message.body();
		assertThat(body.path()).isEqualTo("1");
		assertThat(body.contentType()).isEqualTo("text/plain");
		assertThat(body.charset()).isEqualTo("UTF-8");
		assertThat(body.text()).isEqualTo("안녕하세요.\n다음 주 월요일 오전 10시에 회의가 있습니다.\n");
		assertThat(body.children()).isEmpty();
	}

	@Test
	void decodesUtf8QEncodedSubjectAndQuotedPrintableBody() {
		ParsedMessage message = parse("utf8-q-subject-qp-body.eml");
		assertThat(message.summary().subject()).isEqualTo("견적 요청 드립니다");
		assertThat(message.body().text()).isEqualTo("견적서를 보내 주시면 감사하겠습니다.\n잘 부탁드립니다.\n");
	}

	@Test
	void decodesEucKrQuotedPrintableWithWindows949() {
		ParsedMessage message = parse("euckr-qp.eml");
		assertThat(message.summary().subject()).isEqualTo("주간 보고");
		assertThat(message.body().charset()).isEqualTo("x-windows-949");
		assertThat(message.body().text()).isEqualTo("이번 주 진행 상황을 보고드립니다.\n");
	}

	@Test
	void decodesEucKrBase64() {
		ParsedMessage message = parse("euckr-base64.eml");
		assertThat(message.summary().subject()).isEqualTo("월간 소식지 6월호");
		assertThat(message.body().text()).isEqualTo("6월 소식을 전해 드립니다.\n");
	}

	@Test
	void decodesKsc5601SubjectWithCp949OnlySyllables() {
		ParsedMessage message = parse("ksc5601-cp949-only-syllables.eml");
		assertThat(message.summary().subject()).isEqualTo("똠방각하 뷁 쀍");
		assertThat(message.body().charset()).isEqualTo("x-windows-949");
		assertThat(message.body().text()).isEqualTo("똠양꿍 맛집에서 뷁! 쀍?\n");
	}

	@Test
	void decodesCp949LabelledEightBitBody() {
		ParsedMessage message = parse("cp949-label-8bit.eml");
		assertThat(message.summary().subject()).isEqualTo("똠 방문 일정");
		assertThat(message.body().charset()).isEqualTo("x-windows-949");
		assertThat(message.body().text()).isEqualTo("똠 씨의 방문 일정입니다.\n");
	}

	@Test
	void decodesIso2022KrBodyAndSubject() {
		ParsedMessage message = parse("iso2022kr-body.eml");
		assertThat(message.summary().subject()).isEqualTo("ISO-2022-KR 메일");
		assertThat(message.body().charset()).isEqualTo("ISO-2022-KR");
		assertThat(message.body().text()).isEqualTo("안녕하세요. ISO-2022-KR 본문입니다.\n두 번째 줄.\n");
	}

	@Test
	void decodesRawUtf8Subject() {
		MessageSummary summary = summarize("raw-utf8-subject.eml");
		assertThat(summary.subject()).isEqualTo("인코딩 안 된 제목");
		assertThat(summary.from()).containsExactly(new Mailbox("홍길동", "hong@example.com"));
	}

	@Test
	void decodesRawCp949Subject() {
		ParsedMessage message = parse("raw-cp949-subject.eml");
		assertThat(message.summary().subject()).isEqualTo("똠 뷁 제목");
		assertThat(message.summary().from()).containsExactly(new Mailbox("홍길동", "hong@example.co.kr"));
		assertThat(message.body().text()).isEqualTo("본문입니다\n");
	}

	@Test
	void joinsUtf8CharacterSplitAcrossAdjacentEncodedWords() {
		assertThat(summarize("split-multibyte-utf8.eml").subject()).isEqualTo("분할된 한글 제목입니다");
	}

	@Test
	void joinsEucKrCharacterSplitAcrossAdjacentEncodedWords() {
		assertThat(summarize("split-multibyte-euckr.eml").subject()).isEqualTo("분할된 한글 제목");
	}

	@Test
	void decodesKoreanDisplayNamesInAddressLists() {
		MessageSummary summary = summarize("korean-display-names.eml");
		assertThat(summary.from()).containsExactly(new Mailbox("김철수", "chulsoo.kim@example.com"));
		assertThat(summary.to()).containsExactly(new Mailbox("이영희", "younghee@example.co.kr"),
				new Mailbox("Park, Jisoo", "park@example.com"));
		assertThat(summary.cc()).containsExactly(new Mailbox("최 팀장", "choi@example.com"),
				new Mailbox(null, "a@example.com"), new Mailbox("비", "b@example.com"),
				new Mailbox("정 대리", "jung@example.com"));
		assertThat(summary.replyTo()).containsExactly(new Mailbox(null, "reply@example.com"));
	}

	@Test
	void readsObsoleteDateAndMessageIds() {
		MessageSummary summary = summarize("korean-display-names.eml");
		assertThat(summary.date()).isEqualTo(OffsetDateTime.parse("2024-06-03T14:05:00+09:00"));
		assertThat(summary.messageId()).isEqualTo("names@example.com");
		assertThat(summary.inReplyTo()).isEqualTo("parent@example.com");
		assertThat(summary.references()).containsExactly("root@example.com", "parent@example.com");
	}

	@Test
	void summarizeAndParseAgreeOnTheSummary() {
		for (String name : new String[] { "utf8-b-subject-base64-body.eml", "alternative-text-html.eml",
				"forwarded-rfc822.eml", "html-only.eml", "related-inline-image.eml", "mixed-pdf-rfc2231.eml" }) {
			assertThat(summarize(name)).as(name).isEqualTo(parse(name).summary());
		}
	}

}
