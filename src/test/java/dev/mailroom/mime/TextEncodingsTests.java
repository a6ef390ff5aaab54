package dev.mailroom.mime;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextEncodingsTests {

	private static final String ENGLISH = "The quick brown fox jumps over the lazy dog. ".repeat(20);

	@Test
	void asciiWithShortLinesIsSevenBit() {
		assertThat(TextEncodings.choose(bytes("Hello,\r\nsee you at 10.\r\n"))).isEqualTo("7bit");
	}

	@Test
	void asciiWithALineOver78OctetsIsQuotedPrintable() {
		assertThat(TextEncodings.choose(bytes("x".repeat(78) + "\r\n"))).isEqualTo("7bit");
		assertThat(TextEncodings.choose(bytes("x".repeat(79) + "\r\n"))).isEqualTo("quoted-printable");
	}

	@Test
	void bareLineFeedOrControlCharacterIsNotSevenBit() {
		assertThat(TextEncodings.isSevenBit(bytes("a\nb"))).isFalse();
		assertThat(TextEncodings.isSevenBit(bytes("a\u0000b"))).isFalse();
		assertThat(TextEncodings.isSevenBit(bytes("a\tb\r\n"))).isTrue();
	}

	@Test
	void picksTheShorterEncodingAroundOneNonAsciiOctetInSix() {
		// 900 ASCII octets plus 56 syllables (168 of 1068 octets, 15.7%
		// non-ASCII): quoted-printable 1458 octets, base64 1462.
		byte[] fewer = bytes(ENGLISH + "한".repeat(56));
		assertThat(TextEncodings.encodedLength(fewer, "quoted-printable")).isEqualTo(1458);
		assertThat(TextEncodings.encodedLength(fewer, "base64")).isEqualTo(1462);
		assertThat(TextEncodings.choose(fewer)).isEqualTo("quoted-printable");
		// 60 syllables (180 of 1080 octets, 16.7%): quoted-printable 1497, base64 1478.
		byte[] more = bytes(ENGLISH + "한".repeat(60));
		assertThat(TextEncodings.encodedLength(more, "quoted-printable")).isEqualTo(1497);
		assertThat(TextEncodings.encodedLength(more, "base64")).isEqualTo(1478);
		assertThat(TextEncodings.choose(more)).isEqualTo("base64");
	}

	@Test
	void koreanProseIsBase64() {
		assertThat(TextEncodings.choose(bytes("안녕하세요. 다음 주 월요일 오전 10시에 회의가 있습니다.\r\n"))).isEqualTo("base64");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
