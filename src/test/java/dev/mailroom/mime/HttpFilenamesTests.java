package dev.mailroom.mime;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HttpFilenamesTests {

	@Test
	void koreanNameHasAnAsciiFallbackAndAPercentEncodedUtf8Name() {
		String value = HttpFilenames.attachment("견적서 2026.pdf");
		assertThat(value).isEqualTo(
				"attachment; filename=\"___ 2026.pdf\"; filename*=UTF-8''%EA%B2%AC%EC%A0%81%EC%84%9C%202026.pdf");
		assertThat(parsedName(value)).isEqualTo("견적서 2026.pdf");
	}

	@Test
	void plainAsciiNameIsWrittenTwiceAsItIs() {
		assertThat(HttpFilenames.attachment("report-2026_v1.pdf"))
			.isEqualTo("attachment; filename=\"report-2026_v1.pdf\"; filename*=UTF-8''report-2026_v1.pdf");
		assertThat(HttpFilenames.inline("photo.png"))
			.isEqualTo("inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
		assertThat(HttpFilenames.contentDisposition("ATTACHMENT", "a.txt")).startsWith("attachment; ");
	}

	@Test
	void quotesAndBackslashesCannotEndTheQuotedString() {
		String value = HttpFilenames.attachment("report \"final\"\\x.csv");
		assertThat(value).startsWith("attachment; filename=\"report _final__x.csv\"; ")
			.endsWith("filename*=UTF-8''report%20%22final%22_x.csv");
		assertThat(value.chars().filter((c) -> c == '"')).hasSize(2);
		assertThat(parsedName(value)).isEqualTo("report \"final\"_x.csv");
	}

	@Test
	void pathTraversalIsDefused() {
		for (String name : new String[] { "..\\..\\evil.exe", "../../etc/passwd", "/etc/passwd", "C:\\evil.exe" }) {
			String value = HttpFilenames.attachment(name);
			assertThat(value).doesNotContain("/", "\\", "%2F", "%5C", "=\".", "''.");
			String safe = HttpFilenames.safeName(name);
			assertThat(safe).doesNotStartWith(".").doesNotContain("/", "\\");
		}
		assertThat(HttpFilenames.safeName("..\\..\\evil.exe")).isEqualTo("_.._evil.exe");
		assertThat(HttpFilenames.asciiFallback("C:\\evil.exe")).isEqualTo("C__evil.exe");
		assertThat(HttpFilenames.safeName("..")).isEqualTo(HttpFilenames.DEFAULT_NAME);
		assertThat(HttpFilenames.safeName(".htaccess")).isEqualTo("htaccess");
		assertThat(HttpFilenames.safeName("name. . ")).isEqualTo("name");
	}

	@Test
	void crlfAndOtherControlCharactersCannotInjectHeaders() {
		String value = HttpFilenames.attachment("a.txt\r\nSet-Cookie: session=x\u0000\u0085\u2028.txt");
		assertThat(value).doesNotContain("\r", "\n", "\u0000", "\u0085", "\u2028", "%0D", "%0A", "%00")
			.isEqualTo("attachment; filename=\"a.txtSet-Cookie_ session=x.txt\"; "
					+ "filename*=UTF-8''a.txtSet-Cookie%3A%20session%3Dx.txt");
		assertThat(value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)).isTrue();
	}

	@Test
	void bidirectionalOverridesCannotDisguiseTheExtension() {
		assertThat(HttpFilenames.safeName("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
		assertThat(HttpFilenames.safeName("\u200Fa\u2066b\u2069.pdf")).isEqualTo("ab.pdf");
	}

	@Test
	void veryLongNamesAreCutToTheFileSystemLimitKeepingTheExtension() {
		String korean = HttpFilenames.safeName("가".repeat(300) + ".pdf");
		assertThat(korean.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(HttpFilenames.MAX_NAME_BYTES);
		assertThat(korean).isEqualTo("가".repeat(83) + ".pdf");
		String ascii = HttpFilenames.asciiFallback("x".repeat(1000) + ".tar.gz");
		assertThat(ascii).hasSize(HttpFilenames.MAX_NAME_BYTES).endsWith("x.gz");
		String value = HttpFilenames.attachment("가".repeat(300) + ".pdf");
		assertThat(value).endsWith(".pdf").hasSizeLessThan(1200);
		assertThat(parsedName(value)).isEqualTo(korean);
		// An emoji is not cut in half.
		String emoji = HttpFilenames.safeName("😀".repeat(100));
		assertThat(emoji).isEqualTo("😀".repeat(63));
	}

	@Test
	void missingOrEmptyNames() {
		assertThat(HttpFilenames.attachment(null)).isEqualTo("attachment");
		assertThat(HttpFilenames.attachment(""))
			.isEqualTo("attachment; filename=\"download\"; filename*=UTF-8''download");
		assertThat(HttpFilenames.attachment(" \r\n ")).contains("filename=\"download\"");
		assertThat(HttpFilenames.safeName(null)).isEqualTo("download");
	}

	@Test
	void refusesOtherDispositionTypes() {
		assertThatIllegalArgumentException().isThrownBy(() -> HttpFilenames.contentDisposition("form-data", "a"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HttpFilenames.contentDisposition("attachment\r\nX: y", "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> HttpFilenames.contentDisposition(null, "a"));
	}

	/** What a standard reader makes of the header: the filename* value. */
	private static String parsedName(String value) {
		return ContentDisposition.parse(value).getFilename();
	}

}
