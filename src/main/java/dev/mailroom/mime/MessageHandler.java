package dev.mailroom.mime;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;

/**
 * Receives mime4j's parse events and builds, depending on the mode, a summary only, the
 * body tree, or the decoded content of one part.
 */
final class MessageHandler implements ContentHandler {

	/**
	 * Parts nested deeper than this are skipped as opaque bodies: mime4j stacks one
	 * stream per level, so a hostile message of thousands of nested multiparts would
	 * exhaust the stack.
	 */
	static final int MAX_DEPTH = 40;

	private static final int SNIFF_BYTES = 64 * 1024;

	enum Mode {

		SUMMARY, TREE, COPY

	}

	private final Mode mode;

	private final String target;

	private final OutputStream out;

	private final Deque<PartNode> open = new ArrayDeque<>();

	private final Preview preview = new Preview();

	private MimeStreamParser parser;

	private PartNode root;

	private boolean copied;

	private boolean hasAttachments;

	private String from;

	private String to;

	private String cc;

	private String replyTo;

	private String subject;

	private String date;

	private String messageId;

	private String inReplyTo;

	private String references;

	MessageHandler(Mode mode, String target, OutputStream out) {
		this.mode = mode;
		this.target = target;
		this.out = out;
	}

	void attach(MimeStreamParser parser) {
		this.parser = parser;
	}

	boolean copied() {
		return this.copied;
	}

	MessageSummary summary() {
		String decodedSubject = (this.subject != null) ? EncodedWords.decode(this.subject).replace('\t', ' ').trim()
				: "";
		return new MessageSummary(Addresses.parse(this.from), Addresses.parse(this.to), Addresses.parse(this.cc),
				Addresses.parse(this.replyTo), decodedSubject, Dates.parse(this.date),
				Headers.messageId(this.messageId), Headers.messageId(this.inReplyTo),
				Headers.messageIds(this.references), this.preview.result(), this.hasAttachments);
	}

	MimePart body() {
		if (this.root == null) {
			return new MimePart("1", "text/plain", null, null, null, null, 0, "", false, null);
		}
		return this.root.toPart();
	}

	@Override
	public void startMessage() {
		PartNode parent = this.open.peek();
		PartNode node = new PartNode(parent, parent != null, 1);
		if (parent == null) {
			this.root = node;
		}
		else if (this.mode == Mode.TREE) {
			parent.children.add(node);
		}
		this.open.push(node);
	}

	@Override
	public void endMessage() {
		this.open.poll();
	}

	@Override
	public void startBodyPart() {
		PartNode parent = this.open.peek();
		PartNode node = new PartNode(parent, false, ++parent.childCount);
		node.path = parent.childPrefix() + node.index;
		if (this.mode == Mode.TREE) {
			parent.children.add(node);
		}
		this.open.push(node);
	}

	@Override
	public void endBodyPart() {
		this.open.poll();
	}

	@Override
	public void startHeader() {
	}

	@Override
	public void field(Field field) {
		PartNode node = this.open.peek();
		String name = field.getName().trim().toLowerCase(Locale.ROOT);
		switch (name) {
			case "content-type" -> node.rawContentType = first(node.rawContentType, field);
			case "content-disposition" -> node.rawDisposition = first(node.rawDisposition, field);
			case "content-id" -> node.rawContentId = first(node.rawContentId, field);
			case "subject" -> {
				if (node == this.root) {
					this.subject = first(this.subject, field);
				}
				else if (node.embeddedRoot) {
					node.subject = first(node.subject, field);
				}
			}
			default -> {
				if (node == this.root) {
					rootField(name, field);
				}
			}
		}
	}

	private void rootField(String name, Field field) {
		switch (name) {
			case "from" -> this.from = first(this.from, field);
			case "to" -> this.to = first(this.to, field);
			case "cc" -> this.cc = first(this.cc, field);
			case "reply-to" -> this.replyTo = first(this.replyTo, field);
			case "date" -> this.date = first(this.date, field);
			case "message-id" -> this.messageId = first(this.messageId, field);
			case "in-reply-to" -> this.inReplyTo = first(this.inReplyTo, field);
			case "references" -> this.references = first(this.references, field);
			default -> {
			}
		}
	}

	private static String first(String current, Field field) {
		return (current != null) ? current : Headers.value(field);
	}

	@Override
	public void endHeader() {
		PartNode node = this.open.peek();
		node.resolveHeaders();
		if (node.parent == null) {
			node.path = node.isMultipart() ? "" : "1";
		}
		else if (node.embeddedRoot) {
			node.path = node.parent.path + (node.isMultipart() ? ".TEXT" : ".1");
			if (node.parent.filename == null && node.subject != null) {
				node.parent.filename = PartNode.messageFileName(EncodedWords.decode(node.subject));
			}
		}
		if (node.isAttachment()) {
			this.hasAttachments = true;
		}
		if ((node.isMultipart() || node.isMessage()) && node.depth >= MAX_DEPTH) {
			node.flattened = true;
			this.parser.setFlat();
		}
		else if (this.mode == Mode.COPY && node.isMessage() && this.target.equals(node.path)) {
			// Deliver the embedded message as one body to copy it whole.
			this.parser.setNoRecurse();
		}
	}

	@Override
	public void preamble(InputStream is) {
	}

	@Override
	public void epilogue(InputStream is) {
	}

	@Override
	public void startMultipart(BodyDescriptor bd) {
	}

	@Override
	public void endMultipart() {
	}

	@Override
	public void raw(InputStream is) {
	}

	@Override
	public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
		PartNode node = this.open.peek();
		if (node.flattened) {
			this.parser.setRecurse();
		}
		if (this.mode == Mode.COPY) {
			if (!this.copied && this.target.equals(node.path)) {
				in.transferTo(this.out);
				this.copied = true;
				this.parser.stop();
			}
			return;
		}
		if (node.flattened) {
			return;
		}
		if (node.isMultipart() || node.isMessage()) {
			// mime4j did not parse it as a container after all: take its word
			// for the type.
			node.contentType = descriptor.getMimeType().toLowerCase(Locale.ROOT);
			if (node.parent == null) {
				node.path = "1";
			}
			else if (node.embeddedRoot) {
				node.path = node.parent.path + ".1";
			}
		}
		boolean previewable = node.isText() && !node.embedded && !node.isAttachment();
		if (this.mode == Mode.TREE) {
			CountingInputStream counting = new CountingInputStream(in);
			if (node.isText()) {
				readText(node, counting);
				if (previewable) {
					offerPreview(node.contentType, node.text);
				}
			}
			counting.skipAll();
			node.size = counting.count;
		}
		else if (previewable && node.contentType.equals("text/plain") && this.preview.wantsPlain()) {
			Reader reader = openReader(node, in);
			Preview.Collapser collapser = new Preview.Collapser();
			char[] buffer = new char[4096];
			int count;
			while (!collapser.isFull() && (count = reader.read(buffer)) >= 0) {
				collapser.append(buffer, count);
			}
			this.preview.offerPlain(collapser);
		}
		else if (previewable && node.contentType.equals("text/html") && this.preview.wantsHtml()) {
			this.preview.offerHtml(readCapped(openReader(node, in), Preview.MAX_HTML_CHARS, null));
		}
		if (this.mode == Mode.SUMMARY && node == this.root) {
			// A single-part message: nothing follows its body, so the rest of it need
			// not be read through.
			this.parser.stop();
		}
	}

	private void offerPreview(String contentType, String text) {
		if (contentType.equals("text/plain") && this.preview.wantsPlain()) {
			Preview.Collapser collapser = new Preview.Collapser();
			collapser.append(text);
			this.preview.offerPlain(collapser);
		}
		else if (contentType.equals("text/html") && this.preview.wantsHtml()) {
			this.preview
				.offerHtml((text.length() > Preview.MAX_HTML_CHARS) ? text.substring(0, Preview.MAX_HTML_CHARS) : text);
		}
	}

	private static void readText(PartNode node, InputStream in) throws IOException {
		boolean[] truncated = new boolean[1];
		String text = readCapped(openReader(node, in), MimePart.MAX_TEXT_CHARS, truncated);
		node.text = text.replace("\r\n", "\n").replace('\r', '\n');
		node.truncated = truncated[0];
	}

	/**
	 * A reader for a text body in its declared charset. Without a usable label (none,
	 * unknown, or US-ASCII over 8-bit bytes) the first bytes decide: UTF-8 when valid,
	 * else windows-949.
	 */
	private static Reader openReader(PartNode node, InputStream in) throws IOException {
		// The buffer grows up to the mark limit only when the text is that long.
		BufferedInputStream buffered = new BufferedInputStream(in, 8192);
		Charset charset = Charsets.forLabel(node.charsetLabel);
		if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
			buffered.mark(SNIFF_BYTES);
			byte[] sample = buffered.readNBytes(SNIFF_BYTES);
			buffered.reset();
			if (charset == null || !Charsets.isAscii(sample, sample.length)) {
				charset = Charsets.sniff(sample, sample.length, sample.length < SNIFF_BYTES);
			}
		}
		node.charset = charset.name();
		return new InputStreamReader(buffered,
				charset.newDecoder()
					.onMalformedInput(CodingErrorAction.REPLACE)
					.onUnmappableCharacter(CodingErrorAction.REPLACE));
	}

	private static String readCapped(Reader reader, int max, boolean[] truncated) throws IOException {
		StringBuilder text = new StringBuilder();
		char[] buffer = new char[8192];
		while (text.length() < max) {
			int count = reader.read(buffer, 0, Math.min(buffer.length, max - text.length()));
			if (count < 0) {
				return text.toString();
			}
			text.append(buffer, 0, count);
		}
		if (truncated != null) {
			truncated[0] = reader.read() >= 0;
		}
		if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
			text.setLength(text.length() - 1);
		}
		return text.toString();
	}

	private static final class CountingInputStream extends FilterInputStream {

		long count;

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.count++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				this.count += n;
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			this.count += skipped;
			return skipped;
		}

		void skipAll() throws IOException {
			byte[] buffer = new byte[8192];
			while (read(buffer, 0, buffer.length) >= 0) {
				// counting
			}
		}

	}

}
