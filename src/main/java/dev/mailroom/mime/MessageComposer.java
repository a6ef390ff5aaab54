package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Composes RFC 5322 / MIME messages from a {@link Draft} with Jakarta Mail: UTF-8
 * throughout, RFC 2047 encoded headers folded to 78 octets, text parts in 7bit,
 * quoted-printable or base64 (whichever is shorter), text and HTML as
 * multipart/alternative, inline images in multipart/related, attachments in
 * multipart/mixed. Attachments are base64, except a forwarded message
 * ({@link Attachment#message(String, byte[])}): a message/rfc822 part written as it is,
 * 7bit or 8bit, since RFC 2046 5.2.1 allows no other encoding for it; one that is not
 * 8bit-safe (a NUL, a line over 998 octets) goes as an application/octet-stream file in
 * base64 instead. Thread-safe.
 */
public final class MessageComposer {

	static {
		MailStreams.install();
	}

	private static final String CHARSET = "UTF-8";

	/** RFC 5322 3.3, in UTC: the Instant carries no zone of the sender. */
	private static final DateTimeFormatter DATE = DateTimeFormatter
		.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final Pattern HOSTNAME = Pattern
		.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

	/**
	 * Fields the composer writes itself; extra headers may not replace or add to them.
	 */
	private static final Set<String> OWN_FIELDS = Set.of("from", "sender", "to", "cc", "bcc", "reply-to", "subject",
			"date", "message-id", "in-reply-to", "references", "mime-version", "return-path", "received");

	private static final SecureRandom BOUNDARY_RANDOM = new SecureRandom();

	private final String hostname;

	private final Session session = Session.getInstance(new Properties());

	private final SecureRandom random = new SecureRandom();

	/**
	 * Creates a composer.
	 * @param hostname the right-hand side of the Message-IDs it generates
	 * ({@code <random@hostname>})
	 * @throws IllegalArgumentException when {@code hostname} is not a host name
	 */
	public MessageComposer(String hostname) {
		if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
			throw new IllegalArgumentException("Not a host name: " + hostname);
		}
		this.hostname = hostname;
	}

	/**
	 * Composes the message.
	 * @param draft what to write; Bcc recipients are not written
	 * @param date the Date of the message
	 * @return the generated Message-ID and the raw message with CRLF line ends
	 * @throws IllegalArgumentException when the draft has no text and no HTML, a missing
	 * or invalid address, CR, LF or another control character in a header value, name or
	 * file name (header injection), an invalid message id, header field or content type,
	 * or inline attachments without an HTML body or a Content-ID
	 */
	public Composed compose(Draft draft, Instant date) {
		Objects.requireNonNull(draft, "draft");
		Objects.requireNonNull(date, "date");
		String messageId = newMessageId();
		ComposedMessage message = new ComposedMessage(this.session, messageId);
		try {
			writeHeaders(message, draft, date);
			fill(message, body(draft));
			message.saveChanges();
			ByteArrayOutputStream raw = new ByteArrayOutputStream();
			message.writeTo(raw);
			return new Composed(messageId, raw.toByteArray());
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Could not compose the message", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void writeHeaders(MimeMessage message, Draft draft, Instant date) throws MessagingException {
		if (draft.from() == null) {
			throw new IllegalArgumentException("From is required");
		}
		message.setHeader("Date", DATE.format(date));
		message.setHeader("From", HeaderFields.addressList("From", List.of(draft.from())));
		setAddresses(message, "To", draft.to());
		setAddresses(message, "Cc", draft.cc());
		setAddresses(message, "Reply-To", draft.replyTo());
		// Checked like the others, but never written: Bcc is for the envelope only.
		draft.bcc().forEach((mailbox) -> HeaderFields.toInternetAddress("Bcc", mailbox));
		if (draft.subject() != null && !draft.subject().isEmpty()) {
			HeaderFields.checkText("Subject", draft.subject());
			message.setHeader("Subject", HeaderFields.unstructured("Subject", draft.subject()));
		}
		if (draft.inReplyTo() != null) {
			message.setHeader("In-Reply-To", HeaderFields.messageIds("In-Reply-To", List.of(draft.inReplyTo())));
		}
		if (!draft.references().isEmpty()) {
			message.setHeader("References", HeaderFields.messageIds("References", draft.references()));
		}
		for (Map.Entry<String, String> header : draft.extraHeaders().entrySet()) {
			String name = header.getKey();
			HeaderFields.checkFieldName(name);
			String lower = name.toLowerCase(Locale.ROOT);
			if (OWN_FIELDS.contains(lower) || lower.startsWith("content-")) {
				throw new IllegalArgumentException("The composer writes " + name + " itself");
			}
			String value = Objects.requireNonNullElse(header.getValue(), "");
			HeaderFields.checkText(name, value);
			message.addHeader(name, HeaderFields.unstructured(name, value));
		}
	}

	private static void setAddresses(MimeMessage message, String fieldName, List<Mailbox> mailboxes)
			throws MessagingException {
		if (!mailboxes.isEmpty()) {
			message.setHeader(fieldName, HeaderFields.addressList(fieldName, mailboxes));
		}
	}

	/**
	 * The body tree: multipart/mixed( multipart/alternative( text, multipart/related(
	 * html, inline... ) ), attachment... ), each level only when needed. The inline
	 * images go with the HTML rather than around both alternatives (as Thunderbird does),
	 * so a reader showing the text does not list them as attachments.
	 */
	private static Object body(Draft draft) throws MessagingException {
		if (draft.text() == null && draft.html() == null) {
			throw new IllegalArgumentException("A message needs a text or an HTML body");
		}
		List<Attachment> inline = new ArrayList<>();
		List<Attachment> files = new ArrayList<>();
		for (Attachment attachment : draft.attachments()) {
			if (attachment == null) {
				throw new IllegalArgumentException("An attachment is missing");
			}
			(attachment.inline() ? inline : files).add(attachment);
		}
		Object html = (draft.html() != null) ? new Text(draft.html(), "html") : null;
		if (!inline.isEmpty()) {
			if (html == null) {
				throw new IllegalArgumentException("Inline attachments need an HTML body to reference them");
			}
			// RFC 2387 3.1: the type parameter is required, naming the root's type.
			MimeMultipart related = new RelatedMultipart("text/html");
			related.addBodyPart(part(html));
			for (Attachment attachment : inline) {
				related.addBodyPart(attachmentPart(attachment));
			}
			html = related;
		}
		Object content;
		if (draft.text() != null && html != null) {
			// RFC 2046 5.1.4: the preferred alternative last.
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(part(new Text(draft.text(), "plain")));
			alternative.addBodyPart(part(html));
			content = alternative;
		}
		else {
			content = (html != null) ? html : new Text(draft.text(), "plain");
		}
		if (!files.isEmpty()) {
			MimeMultipart mixed = new MixedMultipart(newBoundary());
			mixed.addBodyPart(part(content));
			for (Attachment attachment : files) {
				mixed.addBodyPart(attachmentPart(attachment));
			}
			content = mixed;
		}
		return content;
	}

	private static MimeBodyPart part(Object content) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		fill(part, content);
		return part;
	}

	private static void fill(jakarta.mail.internet.MimePart part, Object content) throws MessagingException {
		if (content instanceof Multipart multipart) {
			part.setContent(multipart);
			return;
		}
		Text text = (Text) content;
		// RFC 2045 6.8 and RFC 5322 2.3: line breaks are CRLF before any encoding.
		String crlf = text.value().replaceAll("\r\n|\r|\n", "\r\n");
		part.setText(crlf, CHARSET, text.subtype());
		// After setText, which drops the header, and before saveChanges, which
		// keeps one that is there rather than guessing its own.
		part.setHeader("Content-Transfer-Encoding", TextEncodings.choose(crlf.getBytes(StandardCharsets.UTF_8)));
	}

	private static MimeBodyPart attachmentPart(Attachment attachment) throws MessagingException {
		String filename = attachment.filename();
		if (filename != null) {
			HeaderFields.checkFileName(filename);
		}
		String contentId = null;
		if (attachment.contentId() != null) {
			contentId = HeaderFields.messageId("Content-ID", attachment.contentId());
		}
		else if (attachment.inline()) {
			throw new IllegalArgumentException("An inline attachment needs a Content-ID");
		}
		String contentType = HeaderFields.attachmentContentType(attachment.contentType(), filename);
		byte[] content = attachment.content();
		String encoding = TextEncodings.BASE64;
		if (contentType.startsWith(HeaderFields.MESSAGE_RFC822)) {
			EmbeddedMessages.Prepared message = EmbeddedMessages.prepare(content);
			content = message.content();
			if (message.encoding() != null) {
				encoding = message.encoding();
			}
			else {
				// Not 8bit-safe, and RFC 2046 5.2.1 allows no base64 for
				// message/rfc822: the bytes go as a file instead.
				contentType = HeaderFields.attachmentContentType(null, filename);
			}
		}
		MimeBodyPart part = new MimeBodyPart();
		// The data source only supplies the bytes, copied as they are: the
		// header set below is what is written.
		part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/octet-stream")));
		part.setHeader("Content-Type", contentType);
		part.setHeader("Content-Transfer-Encoding", encoding);
		part.setHeader("Content-Disposition",
				HeaderFields.contentDisposition(attachment.inline() ? "inline" : "attachment", filename));
		if (contentId != null) {
			part.setHeader("Content-ID", "<" + contentId + ">");
		}
		return part;
	}

	private String newMessageId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes) + "@" + this.hostname;
	}

	private record Text(String value, String subtype) {
	}

	/** Writes the Message-ID chosen by the composer instead of one of its own. */
	private static final class ComposedMessage extends MimeMessage {

		private final String messageId;

		ComposedMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", "<" + this.messageId + ">");
		}

	}

	/**
	 * A boundary no attachment can contain: a forwarded message (message/rfc822) is
	 * written as it is, so its lines are chosen by whoever wrote it, and Jakarta Mail's
	 * own boundaries (a counter, a hash code and the time) can be guessed.
	 */
	private static String newBoundary() {
		byte[] bytes = new byte[16];
		BOUNDARY_RANDOM.nextBytes(bytes);
		return "=_mixed_" + HexFormat.of().formatHex(bytes);
	}

	private static final class MixedMultipart extends MimeMultipart {

		MixedMultipart(String boundary) throws MessagingException {
			super("mixed");
			ContentType type = new ContentType(this.contentType);
			type.setParameter("boundary", boundary);
			this.contentType = type.toString();
		}

	}

	private static final class RelatedMultipart extends MimeMultipart {

		RelatedMultipart(String rootType) throws MessagingException {
			super("related");
			ContentType type = new ContentType(this.contentType);
			type.setParameter("type", rootType);
			this.contentType = type.toString();
		}

	}

}
