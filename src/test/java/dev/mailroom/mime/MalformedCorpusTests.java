package dev.mailroom.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static dev.mailroom.mime.CorpusTestSupport.copyPart;
import static dev.mailroom.mime.CorpusTestSupport.parse;
import static dev.mailroom.mime.CorpusTestSupport.part;
import static dev.mailroom.mime.CorpusTestSupport.summarize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MalformedCorpusTests {

	@Test
	void keepsPartsWhenClosingBoundaryIsMissing() {
		ParsedMessage message = parse("malformed-missing-closing-boundary.eml");
		assertThat(message.body().children()).extracting(MimePart::path).containsExactly("1", "2");
		assertThat(part(message.body(), "1").text()).isEqualTo("첫 번째 파트");
		assertThat(part(message.body(), "2").filename()).isEqualTo("a.bin");
		assertThat(message.summary().hasAttachments()).isTrue();
		assertThat(message.summary().preview()).isEqualTo("첫 번째 파트");
		assertThat(copyPart("malformed-missing-closing-boundary.eml", "2")).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void survivesBoundaryThatNeverAppears() {
		ParsedMessage message = parse("malformed-boundary-never-present.eml");
		assertThat(message.summary().subject()).isEqualTo("boundary never present");
		assertThat(message.body().contentType()).isEqualTo("multipart/mixed");
		assertThat(message.body().children()).isEmpty();
		assertThat(message.summary().preview()).isEmpty();
	}

	@Test
	void readsMultipartWithoutBoundaryParameterAsText() {
		ParsedMessage message = parse("malformed-missing-boundary-parameter.eml");
		assertThat(message.body().path()).isEqualTo("1");
		assertThat(message.body().contentType()).isEqualTo("text/plain");
		assertThat(message.body().text()).isEqualTo("Text of a multipart that forgot its boundary.\n");
	}

	@Test
	void skipsInvalidBase64Characters() {
		ParsedMessage message = parse("malformed-invalid-base64.eml");
		assertThat(message.body().text()).isEqualTo("안녕하세요");
		assertThat(message.summary().preview()).isEqualTo("안녕하세요");
	}

	@Test
	void keepsWhatArrivedOfTruncatedMessage() {
		ParsedMessage message = parse("malformed-truncated-mid-part.eml");
		assertThat(message.body().children()).extracting(MimePart::path).containsExactly("1", "2");
		assertThat(part(message.body(), "1").text()).isEqualTo("잘린 메시지");
		assertThat(part(message.body(), "2").text()).startsWith("<p>잘린 메시지의 HTML");
		assertThat(message.summary().preview()).isEqualTo("잘린 메시지");
	}

	@Test
	void readsTextWithoutHeadersAsBody() {
		ParsedMessage message = parse("malformed-no-headers.eml");
		assertThat(message.summary().subject()).isEmpty();
		assertThat(message.summary().from()).isEmpty();
		assertThat(message.summary().date()).isNull();
		assertThat(message.body().text()).isEqualTo("헤더가 없는 메시지입니다.\n두 번째 줄.\n");
		assertThat(message.summary().preview()).isEqualTo("헤더가 없는 메시지입니다. 두 번째 줄.");
	}

	@Test
	void summarizesEmptyInput() {
		ParsedMessage message = parse("malformed-empty.eml");
		MessageSummary summary = message.summary();
		assertThat(summary.subject()).isEmpty();
		assertThat(summary.from()).isEmpty();
		assertThat(summary.to()).isEmpty();
		assertThat(summary.references()).isEmpty();
		assertThat(summary.messageId()).isNull();
		assertThat(summary.preview()).isEmpty();
		assertThat(summary.hasAttachments()).isFalse();
		assertThat(message.body().path()).isEqualTo("1");
		assertThat(message.body().size()).isZero();
		assertThat(message.body().text()).isEmpty();
	}

	@Test
	void survivesBinaryGarbage() {
		ParsedMessage message = parse("malformed-binary-garbage.eml");
		assertThat(message.summary().subject()).isEmpty();
		assertThat(message.summary().from()).isEmpty();
		assertThat(message.body().path()).isEqualTo("1");
		assertThat(message.body().size()).isEqualTo(4096);
		assertThat(summarize("malformed-binary-garbage.eml").preview()).hasSizeLessThanOrEqualTo(200);
		assertThat(copyPart("malformed-binary-garbage.eml", "1")).hasSize(4096);
	}

	@Test
	void fallsBackForUnknownCharset() {
		ParsedMessage message = parse("malformed-unknown-charset.eml");
		assertThat(message.summary().subject()).isEqualTo("알 수 없는 문자셋");
		assertThat(message.body().charset()).isEqualTo("UTF-8");
		assertThat(message.body().text()).isEqualTo("알 수 없는 문자셋 본문\n");
	}

	@Test
	void decodesUndeclaredUtf8Body() {
		MimePart body = parse("malformed-missing-charset-utf8-body.eml").body();
		assertThat(body.charset()).isEqualTo("UTF-8");
		assertThat(body.text()).isEqualTo("문자셋 없는 UTF-8 본문\n");
	}

	@Test
	void decodesUndeclaredCp949BodyWithWindows949() {
		MimePart body = parse("malformed-missing-charset-cp949-body.eml").body();
		assertThat(body.charset()).isEqualTo("x-windows-949");
		assertThat(body.text()).isEqualTo("문자셋 없는 똠 본문\n");
	}

	@Test
	void readsHeaderLineOfTwentyThousandCharacters() {
		ParsedMessage message = parse("malformed-long-header-line.eml");
		assertThat(message.summary().subject()).hasSize(20_000 - "Subject: ".length())
			.startsWith("가xxx")
			.endsWith("xxx");
		assertThat(message.body().text()).isEqualTo("short body\n");
	}

	@Test
	void stopsDescendingIntoThousandNestedMultipartsAtDepthLimit() {
		ParsedMessage message = parse("malformed-nested-1000-multiparts.eml");
		assertThat(message.summary().subject()).isEqualTo("deep");
		MimePart deepest = message.body();
		int depth = 0;
		while (!deepest.children().isEmpty()) {
			assertThat(deepest.children()).hasSize(1);
			deepest = deepest.children().get(0);
			depth++;
		}
		assertThat(depth).isEqualTo(40);
		assertThat(deepest.path()).isEqualTo("1" + ".1".repeat(39));
		assertThat(deepest.contentType()).isEqualTo("multipart/mixed");
		assertThat(summarize("malformed-nested-1000-multiparts.eml").subject()).isEqualTo("deep");
	}

	@Test
	void throwsUncheckedIOExceptionWhenTheStreamFails() {
		InputStream failing = new InputStream() {

			private int served;

			@Override
			public int read() throws IOException {
				if (this.served >= "Subject: x\r\n".length()) {
					throw new IOException("disk gone");
				}
				return "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII)[this.served++];
			}

		};
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> new MimeParser().summarize(failing))
			.withMessageContaining("disk gone");
	}

}
