package dev.mailroom.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

/**
 * Chooses the Content-Transfer-Encoding of a composed text part (text/plain or text/html,
 * UTF-8 with CRLF line breaks).
 */
final class TextEncodings {

	static {
		MailStreams.install();
	}

	static final String SEVEN_BIT = "7bit";

	static final String QUOTED_PRINTABLE = "quoted-printable";

	static final String BASE64 = "base64";

	/** RFC 5322 2.1.1: lines SHOULD be at most 78 octets, excluding the CRLF. */
	static final int MAX_LINE = 78;

	private TextEncodings() {
	}

	/**
	 * Pure ASCII text whose lines all fit in 78 octets goes as it is (7bit). Anything
	 * else is encoded both ways and the shorter encoding wins, quoted-printable on a tie
	 * since it keeps ASCII readable: QP spends 3 octets on each non-ASCII octet (and on
	 * "=", controls, trailing blanks) plus a 3-octet soft break per 76-octet line, base64
	 * spends 4/3 on every octet plus a CRLF per 76 characters. For UTF-8 that puts the
	 * turn near one non-ASCII octet in six: mostly-English text with a few Korean words
	 * stays QP, Korean prose (3 non-ASCII octets per syllable) goes base64.
	 * @param crlfText the UTF-8 bytes of the text, line breaks already CRLF
	 */
	static String choose(byte[] crlfText) {
		if (isSevenBit(crlfText)) {
			return SEVEN_BIT;
		}
		return (encodedLength(crlfText, QUOTED_PRINTABLE) <= encodedLength(crlfText, BASE64)) ? QUOTED_PRINTABLE
				: BASE64;
	}

	/**
	 * RFC 2045 2.7: only printable ASCII, tab and space, CR only in CRLF, and short lines
	 * (here 78, the RFC 5322 recommendation, so that no 7bit line needs wrapping by the
	 * reader).
	 */
	static boolean isSevenBit(byte[] text) {
		int lineLength = 0;
		for (int i = 0; i < text.length; i++) {
			int b = text[i];
			if (b == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
				i++;
				lineLength = 0;
				continue;
			}
			if (b != '\t' && (b < 0x20 || b > 0x7e)) {
				return false;
			}
			if (++lineLength > MAX_LINE) {
				return false;
			}
		}
		return true;
	}

	/** The exact size of {@code bytes} encoded with Jakarta Mail's own encoder. */
	static long encodedLength(byte[] bytes, String encoding) {
		CountingOutputStream counter = new CountingOutputStream();
		try (OutputStream out = MimeUtility.encode(counter, encoding)) {
			out.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		return counter.count;
	}

	private static final class CountingOutputStream extends OutputStream {

		long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
