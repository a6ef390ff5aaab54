package dev.mailroom.mailbox;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the header block ends, as IMAP's parser sees it. */
class HeaderSizeTests {

	@Test
	void endsAfterTheFirstEmptyLine() {
		assertThat(HeaderSize.of(bytes("Subject: a\r\n\r\nbody\r\n\r\nmore"))).isEqualTo(14);
		assertThat(HeaderSize.of(bytes("Subject: a\n\nbody"))).isEqualTo(12);
		assertThat(HeaderSize.of(bytes("Subject: a\r\n\nbody"))).isEqualTo(13);
	}

	@Test
	void aFoldedOrBlankLookingLineDoesNotEndIt() {
		assertThat(HeaderSize.of(bytes("Subject: a\r\n \r\nX: b\r\n\r\nbody"))).isEqualTo(23);
		assertThat(HeaderSize.of(bytes("Subject: a\r\n\r\r\nX: b\r\n\r\n"))).isEqualTo(23);
	}

	@Test
	void isTheWholeMessageWithoutAnEmptyLine() {
		assertThat(HeaderSize.of(bytes("Subject: a\r\nX: b"))).isEqualTo(16);
		assertThat(HeaderSize.of(bytes("Subject: a\r\n"))).isEqualTo(12);
		assertThat(HeaderSize.of(new byte[0])).isZero();
	}

	@Test
	void isEmptyWhenTheMessageStartsWithTheBody() {
		assertThat(HeaderSize.of(bytes("\r\nbody"))).isEqualTo(2);
	}

	@Test
	void findsTheEndAcrossPiecesAsTheyArrive() {
		byte[] raw = bytes("Subject: 안녕\r\n\r\nbody");
		HeaderSize finder = new HeaderSize();
		for (byte b : raw) {
			finder.update(new byte[] { b }, 0, 1);
		}
		assertThat(finder.size()).isEqualTo(HeaderSize.of(raw)).isEqualTo(raw.length - 4);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
