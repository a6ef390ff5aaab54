package dev.mailroom.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ForwardAsAttachmentTests {

	private static final Instant DATE = Instant.parse("2026-06-04T01:02:03Z");

	private final MessageComposer composer = new MessageComposer("mail.example.com");

	private final MimeParser parser = new MimeParser();

	@Test
	void koreanMessageIsEmbeddedAsMessageRfc822WithItsBytesIntact() {
		byte[] original = corpus("euckr-base64.eml");
		String filename = Attachment.messageFileName("월간 소식지 6월호");
		Composed composed = forward(Attachment.message(filename, original));
		String raw = new String(composed.raw(), StandardCharsets.ISO_8859_1);
		String header = partHeader(raw, "message/rfc822");
		assertThat(header).contains("Content-Transfer-Encoding: 7bit")
			.contains("Content-Disposition: attachment;")
			.contains("filename*0*=UTF-8''%EC%9B%94%EA%B0%84%20%EC%86%8C%EC%8B%9D%EC%A7%80%206;")
			.contains("filename*1*=%EC%9B%94%ED%98%B8.eml");

		ParsedMessage message = parse(composed.raw());
		assertThat(message.summary().hasAttachments()).isTrue();
		assertThat(message.body().contentType()).isEqualTo("multipart/mixed");
		MimePart embedded = part(message.body(), "2");
		assertThat(embedded.contentType()).isEqualTo("message/rfc822");
		assertThat(embedded.disposition()).isEqualTo("attachment");
		assertThat(embedded.filename()).isEqualTo("월간 소식지 6월호.eml");
		assertThat(embedded.isAttachment()).isTrue();
		assertThat(embedded.children()).singleElement().satisfies((root) -> {
			assertThat(root.path()).isEqualTo("2.1");
			assertThat(root.text()).isEqualTo("6월 소식을 전해 드립니다.\n");
		});
		// The preview is the forwarding text, not the embedded message's.
		assertThat(message.summary().preview()).isEqualTo("전달합니다.");

		byte[] copied = copyPart(composed.raw(), "2");
		assertThat(copied).isEqualTo(original);
		MessageSummary inner = this.parser.summarize(new ByteArrayInputStream(copied));
		assertThat(inner.subject()).isEqualTo("월간 소식지 6월호");
		assertThat(inner.from()).containsExactly(new Mailbox("보낸사람", "sender@example.com"));
	}

	@Test
	void messageWithRawUtf8HeadersIsEmbeddedAs8bit() {
		byte[] original = corpus("raw-utf8-subject.eml");
		Composed composed = forward(Attachment.message("인코딩 안 된 제목.eml", original));
		String raw = new String(composed.raw(), StandardCharsets.ISO_8859_1);
		assertThat(partHeader(raw, "message/rfc822")).contains("Content-Transfer-Encoding: 8bit");
		assertThat(copyPart(composed.raw(), "2")).isEqualTo(original);
		MimePart embedded = part(parse(composed.raw()).body(), "2");
		assertThat(embedded.filename()).isEqualTo("인코딩 안 된 제목.eml");
		assertThat(embedded.children().get(0).text()).isEqualTo("본문\n");
		MessageSummary inner = this.parser.summarize(new ByteArrayInputStream(copyPart(composed.raw(), "2")));
		assertThat(inner.subject()).isEqualTo("인코딩 안 된 제목");
		assertThat(inner.from()).containsExactly(new Mailbox("홍길동", "hong@example.com"));
	}

	@Test
	void multipartMessageWithItsOwnForwardIsEmbeddedWhole() {
		byte[] original = corpus("forwarded-rfc822.eml");
		Composed composed = forward(Attachment.message(Attachment.messageFileName("전달: 원본 메일 제목"), original));
		assertThat(copyPart(composed.raw(), "2")).isEqualTo(original);
		MimePart body = parse(composed.raw()).body();
		MimePart embedded = part(body, "2");
		assertThat(embedded.filename()).isEqualTo("전달_ 원본 메일 제목.eml");
		assertThat(part(body, "2.TEXT").contentType()).isEqualTo("multipart/mixed");
		assertThat(part(body, "2.1").text()).isEqualTo("전달합니다.");
		assertThat(part(body, "2.2").contentType()).isEqualTo("message/rfc822");
		assertThat(part(body, "2.2.1").text()).isEqualTo("원본 메일 본문입니다.");
		assertThat(part(body, "2.2.2").filename()).isEqualTo("data.csv");
	}

	@Test
	void lineFeedsBecomeCrlfAndAnMboxSeparatorIsDropped() {
		String message = "Subject: hello\nFrom: a@example.com\n\nline one\rline two\n";
		byte[] mbox = ("From a@example.com Mon Jun  3 14:05:09 2024\n" + message).getBytes(StandardCharsets.US_ASCII);
		Composed composed = forward(Attachment.message("hello.eml", mbox));
		assertThat(new String(copyPart(composed.raw(), "2"), StandardCharsets.US_ASCII))
			.isEqualTo("Subject: hello\r\nFrom: a@example.com\r\n\r\nline one\r\nline two\r\n");
		assertThat(part(parse(composed.raw()).body(), "2").children().get(0).text()).isEqualTo("line one\nline two\n");
		assertCrlfOnly(composed.raw());
	}

	@Test
	void messageThatIsNot8bitSafeGoesAsABase64FileNamedEml() {
		byte[] longLine = ("Subject: long\r\n\r\n" + "x".repeat(1200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] nul = "Subject: nul\r\n\r\na\0b\r\n".getBytes(StandardCharsets.US_ASCII);
		for (byte[] original : List.of(longLine, nul)) {
			Composed composed = forward(Attachment.message("원본.eml", original));
			String raw = new String(composed.raw(), StandardCharsets.ISO_8859_1);
			assertThat(raw).doesNotContain("message/rfc822");
			assertThat(partHeader(raw, "application/octet-stream")).contains("Content-Transfer-Encoding: base64");
			MimePart file = part(parse(composed.raw()).body(), "2");
			assertThat(file.contentType()).isEqualTo("application/octet-stream");
			assertThat(file.filename()).isEqualTo("원본.eml");
			assertThat(copyPart(composed.raw(), "2")).isEqualTo(original);
		}
	}

	@Test
	void embeddedLinesCannotEndTheOuterMultipart() {
		// Jakarta Mail's own boundaries look like this; the composer's are random.
		String inner = "Content-Type: multipart/mixed; boundary=\"----=_Part_0_1.2\"\r\n\r\n"
				+ "------=_Part_0_1.2\r\n\r\ninner\r\n------=_Part_0_1.2--\r\n";
		Composed composed = forward(Attachment.message("x.eml", inner.getBytes(StandardCharsets.US_ASCII)));
		Matcher boundary = Pattern.compile("boundary=\"([^\"]+)\"")
			.matcher(new String(composed.raw(), StandardCharsets.US_ASCII));
		assertThat(boundary.find()).isTrue();
		assertThat(boundary.group(1)).matches("=_mixed_[0-9a-f]{32}");
		assertThat(copyPart(composed.raw(), "2")).isEqualTo(inner.getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void refusesAnEmptyMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> forward(Attachment.message("a.eml", new byte[0])));
	}

	@Test
	void messageFileNameIsTheSubjectMadeSafe() {
		assertThat(Attachment.messageFileName("회의: 일정/장소?")).isEqualTo("회의_ 일정_장소_.eml");
		assertThat(Attachment.messageFileName("  ")).isEqualTo("message.eml");
		assertThat(Attachment.messageFileName(null)).isEqualTo("message.eml");
		assertThat(Attachment.messageFileName("가".repeat(300))).isEqualTo("가".repeat(100) + ".eml");
	}

	private Composed forward(Attachment attachment) {
		Draft draft = new Draft(new Mailbox("김철수", "chulsoo@example.com"),
				List.of(new Mailbox("이영희", "younghee@example.com")), null, null, null, "전달: 원본", "전달합니다.", null,
				List.of(attachment), null, null, null);
		return this.composer.compose(draft, DATE);
	}

	private ParsedMessage parse(byte[] raw) {
		return this.parser.parse(new ByteArrayInputStream(raw));
	}

	private byte[] copyPart(byte[] raw, String path) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(this.parser.copyPart(new ByteArrayInputStream(raw), path, out)).isTrue();
		return out.toByteArray();
	}

	/** The header block of the first part whose Content-Type starts with the type. */
	private static String partHeader(String raw, String contentType) {
		int start = raw.indexOf("\r\nContent-Type: " + contentType);
		assertThat(start).as("a " + contentType + " part").isPositive();
		return raw.substring(start, raw.indexOf("\r\n\r\n", start));
	}

	private static byte[] corpus(String name) {
		try (InputStream in = CorpusTestSupport.open(name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void assertCrlfOnly(byte[] raw) {
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == '\r') {
				assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
			}
			if (raw[i] == '\n') {
				assertThat(i > 0 && raw[i - 1] == '\r').as("LF at %d follows CR", i).isTrue();
			}
		}
	}

}
