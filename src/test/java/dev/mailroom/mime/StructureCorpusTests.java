package dev.mailroom.mime;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.copyPart;
import static dev.mailroom.mime.CorpusTestSupport.parse;
import static dev.mailroom.mime.CorpusTestSupport.part;
import static org.assertj.core.api.Assertions.assertThat;

class StructureCorpusTests {

	private static final byte[] PDF = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
		.getBytes(StandardCharsets.ISO_8859_1);

	@Test
	void numbersAlternativePartsAndPreviewsThePlainText() {
		ParsedMessage message = parse("alternative-text-html.eml");
		MimePart root = message.body();
		assertThat(root.path()).isEmpty();
		assertThat(root.contentType()).isEqualTo("multipart/alternative");
		assertThat(root.children()).extracting(MimePart::path).containsExactly("1", "2");
		assertThat(root.children()).extracting(MimePart::contentType).containsExactly("text/plain", "text/html");
		assertThat(part(root, "2").text()).isEqualTo("<html><body><p>HTML 본문입니다.</p></body></html>");
		assertThat(message.summary().subject()).isEqualTo("뉴스레터");
		assertThat(message.summary().preview()).isEqualTo("텍스트 본문입니다. 여러 공백.");
		assertThat(message.summary().hasAttachments()).isFalse();
	}

	@Test
	void namesPdfAttachmentFromRfc2231Utf8Filename() {
		ParsedMessage message = parse("mixed-pdf-rfc2231.eml");
		MimePart pdf = part(message.body(), "2");
		assertThat(pdf.contentType()).isEqualTo("application/pdf");
		assertThat(pdf.filename()).isEqualTo("보고서.pdf");
		assertThat(pdf.disposition()).isEqualTo("attachment");
		assertThat(pdf.charset()).isNull();
		assertThat(pdf.text()).isNull();
		assertThat(pdf.size()).isEqualTo(PDF.length);
		assertThat(pdf.isAttachment()).isTrue();
		assertThat(part(message.body(), "1").isAttachment()).isFalse();
		assertThat(message.summary().hasAttachments()).isTrue();
		assertThat(message.summary().preview()).isEqualTo("보고서를 첨부합니다.");
	}

	@Test
	void copiesDecodedAttachmentContent() {
		assertThat(copyPart("mixed-pdf-rfc2231.eml", "2")).isEqualTo(PDF);
		assertThat(copyPart("mixed-pdf-rfc2231.eml", "1")).isEqualTo("보고서를 첨부합니다.".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void copyPartReturnsFalseForMissingPartsAndContainers() {
		assertThat(copyPart("mixed-pdf-rfc2231.eml", "3")).isNull();
		assertThat(copyPart("mixed-pdf-rfc2231.eml", "1.1")).isNull();
		assertThat(copyPart("mixed-pdf-rfc2231.eml", "")).isNull();
	}

	@Test
	void joinsRfc2231ContinuationsInEucKr() {
		MimePart sheet = part(parse("rfc2231-continuations.eml").body(), "2");
		assertThat(sheet.filename()).isEqualTo("2024년 예산안 최종.xlsx");
		assertThat(sheet.isAttachment()).isTrue();
	}

	@Test
	void decodesOutlookRfc2047EncodedWordInNameParameter() {
		ParsedMessage message = parse("outlook-rfc2047-name.eml");
		MimePart document = part(message.body(), "2");
		assertThat(document.filename()).isEqualTo("견적서_똠.docx");
		assertThat(document.contentType())
			.isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
		assertThat(message.summary().subject()).isEqualTo("견적서 송부");
		assertThat(part(message.body(), "1").text()).isEqualTo("견적서를 송부합니다.");
		assertThat(message.summary().hasAttachments()).isTrue();
	}

	@Test
	void inlineCidImageInRelatedIsNotAnAttachment() {
		ParsedMessage message = parse("related-inline-image.eml");
		MimePart root = message.body();
		assertThat(root.contentType()).isEqualTo("multipart/related");
		assertThat(part(root, "1").contentType()).isEqualTo("multipart/alternative");
		assertThat(part(root, "1.1").text()).isEqualTo("로고가 있는 메일");
		assertThat(part(root, "1.2").text()).isEqualTo("<p>로고가 있는 메일 <img src=\"cid:logo@mailroom\"></p>");
		MimePart image = part(root, "2");
		assertThat(image.contentType()).isEqualTo("image/png");
		assertThat(image.contentId()).isEqualTo("logo@mailroom");
		assertThat(image.filename()).isEqualTo("logo.png");
		assertThat(image.disposition()).isEqualTo("inline");
		assertThat(image.isAttachment()).isFalse();
		assertThat(message.summary().hasAttachments()).isFalse();
		assertThat(message.summary().preview()).isEqualTo("로고가 있는 메일");
	}

	@Test
	void numbersForwardedMessagePartsTheImapWay() {
		ParsedMessage message = parse("forwarded-rfc822.eml");
		assertThat(message.summary().subject()).isEqualTo("전달: 원본 메일 제목");
		assertThat(message.summary().from()).containsExactly(new Mailbox("보낸사람", "sender@example.com"));
		assertThat(message.summary().preview()).isEqualTo("전달합니다.");
		assertThat(message.summary().hasAttachments()).isTrue();
		MimePart forwarded = part(message.body(), "2");
		assertThat(forwarded.contentType()).isEqualTo("message/rfc822");
		assertThat(forwarded.filename()).isEqualTo("원본 메일 제목.eml");
		assertThat(forwarded.isAttachment()).isTrue();
		assertThat(forwarded.children()).hasSize(1);
		MimePart inner = forwarded.children().get(0);
		assertThat(inner.path()).isEqualTo("2.TEXT");
		assertThat(inner.contentType()).isEqualTo("multipart/mixed");
		assertThat(inner.children()).extracting(MimePart::path).containsExactly("2.1", "2.2");
		assertThat(part(inner, "2.1").text()).isEqualTo("원본 메일 본문입니다.");
		assertThat(part(inner, "2.1").charset()).isEqualTo("x-windows-949");
		assertThat(part(inner, "2.2").filename()).isEqualTo("data.csv");
	}

	@Test
	void copiesPartsOfAndWholeForwardedMessage() {
		assertThat(copyPart("forwarded-rfc822.eml", "2.2")).isEqualTo("a,b\r\n1,2".getBytes(StandardCharsets.US_ASCII));
		String embedded = new String(copyPart("forwarded-rfc822.eml", "2"), StandardCharsets.US_ASCII);
		assertThat(embedded).startsWith("From: =?EUC-KR?B?").contains("\r\n--inner--");
		assertThat(copyPart("forwarded-rfc822.eml", "2.TEXT")).isNull();
	}

	@Test
	void previewsHtmlOnlyMailWithoutStyleOrScript() {
		ParsedMessage message = parse("html-only.eml");
		assertThat(message.body().path()).isEqualTo("1");
		assertThat(message.body().contentType()).isEqualTo("text/html");
		assertThat(message.summary().subject()).isEqualTo("HTML 전용");
		assertThat(message.summary().preview()).isEqualTo("공지사항 서버 점검이 예정되어 있습니다.");
	}

	@Test
	void decodesLatin1Mail() {
		ParsedMessage message = parse("latin1.eml");
		assertThat(message.summary().subject()).isEqualTo("Café crème");
		assertThat(message.summary().from()).containsExactly(new Mailbox("René Dupont", "rene@example.fr"));
		assertThat(message.body().charset()).isEqualTo("ISO-8859-1");
		assertThat(message.body().text()).isEqualTo("Très bien, à bientôt.\n");
	}

	@Test
	void decodesWindows1252Mail() {
		ParsedMessage message = parse("windows1252.eml");
		assertThat(message.summary().subject()).isEqualTo("“Quoted” price €100");
		assertThat(message.body().charset()).isEqualTo("windows-1252");
		assertThat(message.body().text()).isEqualTo("“Smart quotes” cost €5 – really.\n");
	}

	@Test
	void decodesIso2022JpSubjectAndBody() {
		ParsedMessage message = parse("iso2022jp-subject.eml");
		assertThat(message.summary().subject()).isEqualTo("こんにちは世界");
		assertThat(message.body().text()).isEqualTo("日本語の本文です。\n");
	}

}
