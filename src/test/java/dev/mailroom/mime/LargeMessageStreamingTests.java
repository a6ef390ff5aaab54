package dev.mailroom.mime;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ~50 MB message produced lazily by an InputStream: nothing here holds it in memory, so
 * these tests pass only if the parser streams.
 */
class LargeMessageStreamingTests {

	private static final long ATTACHMENT_BYTES = 37L * 1024 * 1024 + 12_345;

	private final MimeParser parser = new MimeParser();

	@Test
	void summarizesLargeMessageWithoutHoldingIt() {
		GeneratedMessage message = new GeneratedMessage(ATTACHMENT_BYTES);
		MessageSummary summary = this.parser.summarize(message);
		assertThat(summary.subject()).isEqualTo("대용량 첨부");
		assertThat(summary.preview()).isEqualTo("첨부 파일을 보냅니다.");
		assertThat(summary.hasAttachments()).isTrue();
		assertThat(message.served).isGreaterThan(50_000_000L);
	}

	@Test
	void copiesLargeAttachmentWithCorrectLengthAndContent() {
		CheckingOutputStream out = new CheckingOutputStream();
		assertThat(this.parser.copyPart(new GeneratedMessage(ATTACHMENT_BYTES), "2", out)).isTrue();
		assertThat(out.count).isEqualTo(ATTACHMENT_BYTES);
		assertThat(out.crc.getValue()).isEqualTo(expectedCrc(ATTACHMENT_BYTES));
	}

	@Test
	void parseReportsDecodedSizeOfLargeAttachment() {
		ParsedMessage message = this.parser.parse(new GeneratedMessage(ATTACHMENT_BYTES));
		MimePart attachment = message.body().children().get(1);
		assertThat(attachment.path()).isEqualTo("2");
		assertThat(attachment.filename()).isEqualTo("backup.bin");
		assertThat(attachment.size()).isEqualTo(ATTACHMENT_BYTES);
		assertThat(attachment.text()).isNull();
	}

	private static long expectedCrc(long length) {
		CRC32 crc = new CRC32();
		byte[] buffer = new byte[8192];
		for (long i = 0; i < length; i += buffer.length) {
			int n = (int) Math.min(buffer.length, length - i);
			for (int j = 0; j < n; j++) {
				buffer[j] = GeneratedMessage.byteAt(i + j);
			}
			crc.update(buffer, 0, n);
		}
		return crc.getValue();
	}

	/** A multipart/mixed message whose base64 attachment is encoded as it is read. */
	static final class GeneratedMessage extends InputStream {

		private static final byte[] HEAD = ("From: sender@example.com\r\n" + "To: recipient@example.com\r\n"
				+ "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("대용량 첨부".getBytes(StandardCharsets.UTF_8))
				+ "?=\r\n" + "MIME-Version: 1.0\r\n" + "Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n"
				+ "--big\r\n" + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + "첨부 파일을 보냅니다.\r\n" + "--big\r\n"
				+ "Content-Type: application/octet-stream; name=\"backup.bin\"\r\n"
				+ "Content-Disposition: attachment; filename=\"backup.bin\"\r\n"
				+ "Content-Transfer-Encoding: base64\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);

		private static final byte[] TAIL = "\r\n--big--\r\n".getBytes(StandardCharsets.US_ASCII);

		private final long length;

		private long encoded;

		private byte[] chunk = HEAD;

		private int position;

		private boolean tailServed;

		long served;

		GeneratedMessage(long length) {
			this.length = length;
		}

		static byte byteAt(long index) {
			return (byte) (index * 31 + (index >>> 13));
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (len == 0) {
				return 0;
			}
			while (this.position >= this.chunk.length) {
				if (!nextChunk()) {
					return -1;
				}
			}
			int n = Math.min(len, this.chunk.length - this.position);
			System.arraycopy(this.chunk, this.position, b, off, n);
			this.position += n;
			this.served += n;
			return n;
		}

		/** The next base64 line of 57 decoded bytes, then the closing boundary. */
		private boolean nextChunk() {
			if (this.encoded < this.length) {
				int n = (int) Math.min(57, this.length - this.encoded);
				byte[] raw = new byte[n];
				for (int i = 0; i < n; i++) {
					raw[i] = byteAt(this.encoded + i);
				}
				this.encoded += n;
				byte[] line = Base64.getEncoder().encode(raw);
				this.chunk = new byte[line.length + 2];
				System.arraycopy(line, 0, this.chunk, 0, line.length);
				this.chunk[line.length] = '\r';
				this.chunk[line.length + 1] = '\n';
			}
			else if (!this.tailServed) {
				this.tailServed = true;
				this.chunk = TAIL;
			}
			else {
				return false;
			}
			this.position = 0;
			return true;
		}

	}

	private static final class CheckingOutputStream extends OutputStream {

		final CRC32 crc = new CRC32();

		long count;

		@Override
		public void write(int b) {
			this.crc.update(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.crc.update(b, off, len);
			this.count += len;
		}

	}

}
