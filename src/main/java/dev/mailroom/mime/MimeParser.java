package dev.mailroom.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Parses raw RFC 5322 / MIME messages in one streaming pass with mime4j, so that a large
 * message is never held in memory. Malformed input never makes it throw: every result is
 * best-effort. Thread-safe and stateless.
 */
public final class MimeParser {

	private static final int FIRST_LINE_LIMIT = 8192;

	private static final MimeConfig CONFIG = MimeConfig.custom()
		.setMaxLineLen(-1)
		.setMaxHeaderCount(-1)
		.setMaxHeaderLen(-1)
		.setMaxContentLen(-1)
		.setStrictParsing(false)
		// A line that is not a header field ends the header block, as in
		// Python's email package: text without any header is then read as the
		// body instead of being dropped.
		.setMalformedHeaderStartsBody(true)
		.build();

	/**
	 * Reads the headers, the preview and whether there are attachments. Bodies are not
	 * kept: text is read only until the preview is complete, the rest is skipped.
	 * @param raw the message, read to its end (or until the parser stops) but not closed
	 * @return the summary
	 * @throws UncheckedIOException when reading {@code raw} fails
	 */
	public MessageSummary summarize(InputStream raw) {
		return run(raw, new MessageHandler(MessageHandler.Mode.SUMMARY, null, null)).summary();
	}

	/**
	 * Reads the summary and the body tree with the decoded text of text parts.
	 * @param raw the message, not closed
	 * @return the parsed message
	 * @throws UncheckedIOException when reading {@code raw} fails
	 */
	public ParsedMessage parse(InputStream raw) {
		MessageHandler handler = run(raw, new MessageHandler(MessageHandler.Mode.TREE, null, null));
		return new ParsedMessage(handler.summary(), handler.body());
	}

	/**
	 * Streams the content of one leaf part, transfer encoding undone, to {@code out}. A
	 * message/rfc822 part is copied whole, as the embedded message's bytes.
	 * @param raw the message, not closed
	 * @param partPath the part number as in {@link MimePart#path()}
	 * @param out where the content goes, not closed
	 * @return false when the message has no such part or it is a multipart (no content of
	 * its own)
	 * @throws UncheckedIOException when reading {@code raw} or writing {@code out} fails
	 */
	public boolean copyPart(InputStream raw, String partPath, OutputStream out) {
		Objects.requireNonNull(partPath, "partPath");
		Objects.requireNonNull(out, "out");
		return run(raw, new MessageHandler(MessageHandler.Mode.COPY, partPath, out)).copied();
	}

	private static MessageHandler run(InputStream raw, MessageHandler handler) {
		Objects.requireNonNull(raw, "raw");
		MimeStreamParser parser = new MimeStreamParser(CONFIG, DecodeMonitor.SILENT, null);
		parser.setContentDecoding(true);
		parser.setContentHandler(handler);
		handler.attach(parser);
		try {
			parser.parse(prepare(raw));
		}
		catch (MimeIOException | MimeException ex) {
			// Malformed beyond what mime4j tolerates: keep what was parsed so far.
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			// Hostile input must not fail a mailbox listing: whatever broke,
			// keep the best effort.
		}
		return handler;
	}

	/**
	 * Prepares the stream: drops the "From sender date" line files saved from mbox start
	 * with, and when the first line is no header field at all (text without headers) puts
	 * an empty line in front so that all of it is read as the body rather than skipped as
	 * broken headers.
	 */
	private static InputStream prepare(InputStream raw) throws IOException {
		BufferedInputStream in = new BufferedInputStream(raw, FIRST_LINE_LIMIT);
		in.mark(FIRST_LINE_LIMIT);
		byte[] start = in.readNBytes(FIRST_LINE_LIMIT);
		int lineEnd = 0;
		while (lineEnd < start.length && start[lineEnd] != '\n') {
			lineEnd++;
		}
		if (startsWith(start, "From ")) {
			in.reset();
			in.skip(Math.min(lineEnd + 1, start.length));
			return in;
		}
		in.reset();
		if (lineEnd == 0 || start[0] == '\r' || isHeaderField(start, lineEnd)) {
			return in;
		}
		return new SequenceInputStream(new ByteArrayInputStream(new byte[] { '\r', '\n' }), in);
	}

	private static boolean startsWith(byte[] bytes, String prefix) {
		if (bytes.length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (bytes[i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * RFC 5322 2.2: a field name is printable ASCII other than colon, followed by a
	 * colon.
	 */
	private static boolean isHeaderField(byte[] line, int length) {
		for (int i = 0; i < length; i++) {
			byte b = line[i];
			if (b == ':') {
				return i > 0;
			}
			if (b <= 32 || b >= 127) {
				// obs-optional (RFC 5322 4.5.1) allows blanks before the colon.
				return (b == ' ' || b == '\t') && i > 0 && onlyBlanksThenColon(line, i, length);
			}
		}
		return false;
	}

	private static boolean onlyBlanksThenColon(byte[] line, int from, int length) {
		for (int i = from; i < length; i++) {
			if (line[i] == ':') {
				return true;
			}
			if (line[i] != ' ' && line[i] != '\t') {
				return false;
			}
		}
		return false;
	}

}
