package dev.mailroom.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LineInputTests {

	@Test
	void linesEndWithCrlf() throws IOException {
		LineInput input = input("EHLO a\r\nQUIT\r\n", 100);
		assertThat(input.readLine()).isEqualTo("EHLO a");
		assertThat(input.readLine()).isEqualTo("QUIT");
		assertThat(input.readLine()).isNull();
	}

	@Test
	void bareLfAlsoEndsALine() throws IOException {
		LineInput input = input("a\nb\r\n\n", 100);
		assertThat(input.readLine()).isEqualTo("a");
		assertThat(input.readLine()).isEqualTo("b");
		assertThat(input.readLine()).isEmpty();
		assertThat(input.readLine()).isNull();
	}

	@Test
	void loneCrStaysPartOfTheLine() throws IOException {
		LineInput input = input("a\rb\r\r\n", 100);
		assertThat(input.readLine()).isEqualTo("a\rb\r");
	}

	@Test
	void unterminatedLastLineIsReturnedBeforeTheEnd() throws IOException {
		LineInput input = input("a\r\nrest", 100);
		assertThat(input.readLine()).isEqualTo("a");
		assertThat(input.readLine()).isEqualTo("rest");
		assertThat(input.readLine()).isNull();
	}

	@Test
	void lineOfExactlyTheLimitIsAccepted() throws IOException {
		LineInput input = input("12345\r\n123456\n", 5);
		assertThat(input.readLine()).isEqualTo("12345");
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(input::readLine);
		assertThat(input.readLine()).isNull();
	}

	@Test
	void overLongLineIsDiscardedAndTheNextOneReads() throws IOException {
		String longLine = "x".repeat(20_000);
		LineInput input = input(longLine + "\r\nNOOP\r\n", 1000);
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(input::readLine).withMessageContaining("1000");
		assertThat(input.readLine()).isEqualTo("NOOP");
	}

	@Test
	void limitCountsBytesNotCharacters() throws IOException {
		// Three characters, six bytes in UTF-8.
		LineInput input = input("äöü\r\näö\r\n", 5);
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(input::readLine);
		assertThat(input.readLine()).isEqualTo("äö");
	}

	@Test
	void malformedUtf8IsReplaced() throws IOException {
		byte[] bytes = { 'a', (byte) 0xC3, '(', '\r', '\n' };
		LineInput input = new LineInput(new ByteArrayInputStream(bytes), 100);
		assertThat(input.readLine()).isEqualTo("a\uFFFD(");
	}

	@Test
	void rawBytesAndLinesMix() throws IOException {
		LineInput input = input("BDAT 5\r\nhello\r\nQUIT\r\n", 100);
		assertThat(input.readLine()).isEqualTo("BDAT 5");
		byte[] chunk = input.readNBytes(5);
		assertThat(new String(chunk, StandardCharsets.US_ASCII)).isEqualTo("hello");
		assertThat(input.read()).isEqualTo('\r');
		assertThat(input.read()).isEqualTo('\n');
		assertThat(input.readLine()).isEqualTo("QUIT");
		assertThat(input.read()).isEqualTo(-1);
	}

	@Test
	void largeRawReadsPassThroughTheBuffer() throws IOException {
		String body = "y".repeat(100_000);
		LineInput input = input("DATA\r\n" + body + "\r\n.\r\n", 100);
		assertThat(input.readLine()).isEqualTo("DATA");
		assertThat(new String(input.readNBytes(body.length()), StandardCharsets.US_ASCII)).isEqualTo(body);
		assertThat(input.readLine()).isEmpty();
		assertThat(input.readLine()).isEqualTo(".");
	}

	@Test
	void pendingPlaintextIsDiscardedButAClientHelloIsKept() throws IOException {
		LineInput input = input("STARTTLS\r\nRSET\r\n\u0016\u0003\u0001", 100);
		assertThat(input.readLine()).isEqualTo("STARTTLS");
		assertThat(input.discardPending()).containsExactly(0x16, 0x03, 0x01);
		assertThat(input.read()).isEqualTo(-1);
	}

	@Test
	void pendingPlaintextAloneIsDiscarded() throws IOException {
		LineInput input = input("STARTTLS\r\nRSET\r\nMAIL FROM:<a@b>\r\n", 100);
		assertThat(input.readLine()).isEqualTo("STARTTLS");
		assertThat(input.discardPending()).isNull();
		assertThat(input.readLine()).isNull();
	}

	private static LineInput input(String text, int maxLineLength) {
		return new LineInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLineLength);
	}

	@Test
	void unreadBytesAreReadAgainBeforeTheRest() throws IOException {
		LineInput input = input("DATA-TAIL\r\nQUIT\r\n", 100);
		byte[] block = new byte[64];
		int count = input.read(block, 0, block.length);
		assertThat(count).isEqualTo(17);
		// The reader wanted only "DATA-": it hands back the rest.
		input.unread(block, 5, count - 5);
		assertThat(input.readLine()).isEqualTo("TAIL");
		assertThat(input.readLine()).isEqualTo("QUIT");
		assertThat(input.readLine()).isNull();
	}

	@Test
	void unreadAfterAnEmptyBufferMakesRoomInFront() throws IOException {
		LineInput input = input("NOOP\r\n", 100);
		byte[] elsewhere = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);
		input.unread(elsewhere, 0, elsewhere.length);
		assertThat(input.readLine()).isEqualTo("RSET");
		assertThat(input.readLine()).isEqualTo("NOOP");
	}

}
