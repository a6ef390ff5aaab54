package dev.mailroom.ftp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;

import dev.mailroom.mailbox.StoredMessage;
import dev.mailroom.mime.MessageSummary;

/**
 * A file being uploaded into a mail folder: spooled to disk with its line ends made CRLF
 * (a file saved on Unix, or sent in ASCII mode, has bare LFs), refused once it is larger
 * than the largest message, then checked to be an RFC 5322 message and imported.
 */
final class MessageUpload extends OutputStream {

	/** The upload is larger than the largest message. */
	static final class TooLargeException extends IOException {

		TooLargeException(long max) {
			super("Larger than the largest message (" + max + " bytes)");
		}

	}

	/** The upload is no RFC 5322 message. */
	static final class NotAMessageException extends IOException {

		NotAMessageException(String reason) {
			super(reason);
		}

	}

	/** Header block read at most to decide whether this is a message. */
	private static final int MAX_HEADER_BLOCK = 1024 * 1024;

	/** At least one of these must be in the header block. */
	private static final Set<String> MESSAGE_FIELDS = Set.of("from", "date", "subject", "to", "message-id", "received",
			"mime-version", "return-path", "sender");

	private final FtpMailboxes mailboxes;

	private final long userId;

	private final long folderId;

	private final Path spool;

	private final OutputStream out;

	private long size;

	private boolean lastWasCr;

	private boolean tooLarge;

	MessageUpload(FtpMailboxes mailboxes, long userId, long folderId) throws IOException {
		this.mailboxes = mailboxes;
		this.userId = userId;
		this.folderId = folderId;
		Files.createDirectories(mailboxes.spoolDir());
		this.spool = Files.createTempFile(mailboxes.spoolDir(), "upload", ".eml");
		this.out = new BufferedOutputStream(Files.newOutputStream(this.spool), 64 * 1024);
	}

	@Override
	public void write(int b) throws IOException {
		if (b == '\n') {
			if (!this.lastWasCr) {
				put('\r');
				put('\n');
			}
			this.lastWasCr = false;
		}
		else if (b == '\r') {
			put('\r');
			put('\n');
			this.lastWasCr = true;
		}
		else {
			put(b);
			this.lastWasCr = false;
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		for (int i = offset; i < offset + length; i++) {
			write(bytes[i]);
		}
	}

	private void put(int b) throws IOException {
		if (this.tooLarge || ++this.size > this.mailboxes.maxUpload()) {
			this.tooLarge = true;
			throw new TooLargeException(this.mailboxes.maxUpload());
		}
		this.out.write(b);
	}

	/**
	 * Checks what was uploaded and imports it into the folder.
	 * @return the stored message
	 * @throws NotAMessageException when it is no message; nothing is stored then
	 */
	StoredMessage finish() throws IOException {
		this.out.close();
		if (this.tooLarge) {
			throw new TooLargeException(this.mailboxes.maxUpload());
		}
		Header header = readHeader();
		Instant internalDate = internalDate(header.bytes());
		try (InputStream in = new BufferedInputStream(Files.newInputStream(this.spool), 64 * 1024)) {
			in.skipNBytes(header.skip());
			return this.mailboxes.folderFiles().importMessage(this.userId, this.folderId, in, internalDate, true);
		}
	}

	/** Removes the spooled data. */
	void discard() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			// Closing the file again after a failed write: nothing to do.
		}
		try {
			Files.deleteIfExists(this.spool);
		}
		catch (IOException ex) {
			// The spool directory is swept by nobody else; a leftover is harmless.
		}
	}

	/**
	 * The header block, with the number of bytes to skip before the message (an mbox
	 * {@code From } line).
	 */
	private record Header(byte[] bytes, int skip) {
	}

	/**
	 * Reads the header block and checks it: header fields (or folded continuations) only,
	 * up to an empty line or the end, among them at least one field every message has.
	 * Anything else (a PDF, a picture, plain text) is no message.
	 */
	private Header readHeader() throws IOException {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		int skip = 0;
		boolean anyField = false;
		boolean known = false;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(this.spool), 64 * 1024)) {
			boolean first = true;
			while (true) {
				byte[] line = readLine(in);
				if (line == null) {
					break;
				}
				if (first && startsWith(line, "From ")) {
					skip = line.length;
					first = false;
					continue;
				}
				first = false;
				if (line.length == 2) {
					block.write(line);
					break;
				}
				if (line[0] == ' ' || line[0] == '\t') {
					if (!anyField) {
						throw new NotAMessageException("It starts with a folded line");
					}
				}
				else {
					int colon = fieldNameEnd(line);
					if (colon < 0) {
						throw new NotAMessageException("Not an RFC 5322 message: a line of its header is no field");
					}
					anyField = true;
					known |= MESSAGE_FIELDS.contains(
							new String(line, 0, colon, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT));
				}
				for (byte b : line) {
					if (b == 0) {
						throw new NotAMessageException("Not an RFC 5322 message: NUL in its header");
					}
				}
				block.write(line);
				if (block.size() > MAX_HEADER_BLOCK) {
					throw new NotAMessageException("Not an RFC 5322 message: its header never ends");
				}
			}
		}
		if (!anyField || !known) {
			throw new NotAMessageException("Not an RFC 5322 message: no From, Date, Subject or To field");
		}
		return new Header(block.toByteArray(), skip);
	}

	/**
	 * A CRLF-terminated line (the spool has only CRLF), or the rest, or null at the end.
	 */
	private static byte[] readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			line.write(b);
			if (b == '\n') {
				break;
			}
			if (line.size() > MAX_HEADER_BLOCK) {
				throw new NotAMessageException("Not an RFC 5322 message: a line of its header never ends");
			}
		}
		return (line.size() == 0) ? null : line.toByteArray();
	}

	/**
	 * The index of the colon after a field name (printable ASCII, RFC 5322 2.2; blanks
	 * before the colon as obs-optional allows), or -1.
	 */
	private static int fieldNameEnd(byte[] line) {
		for (int i = 0; i < line.length; i++) {
			byte b = line[i];
			if (b == ':') {
				return (i > 0) ? i : -1;
			}
			if (b == ' ' || b == '\t') {
				for (int j = i; j < line.length; j++) {
					if (line[j] == ':') {
						return (j > i && i > 0) ? j : -1;
					}
					if (line[j] != ' ' && line[j] != '\t') {
						return -1;
					}
				}
				return -1;
			}
			if (b < 33 || b > 126) {
				return -1;
			}
		}
		return -1;
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
	 * The arrival time an imported message gets: its Date, so old mail sorts where it
	 * belongs; now when it has none or one in the future.
	 */
	private Instant internalDate(byte[] header) {
		MessageSummary summary = this.mailboxes.parser().summarize(new ByteArrayInputStream(header));
		OffsetDateTime date = summary.date();
		Instant now = Instant.now();
		if (date == null || date.toInstant().isAfter(now.plus(Duration.ofDays(1)))
				|| date.toInstant().isBefore(Instant.parse("1970-01-02T00:00:00Z"))) {
			return now;
		}
		return date.toInstant();
	}

}
