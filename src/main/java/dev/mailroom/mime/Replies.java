package dev.mailroom.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Starts replies and forwards of a message: recipients, subject, threading headers and a
 * body quoting or forwarding the original, as a {@link PrefilledDraft} for the user to
 * edit.
 *
 * <p>
 * One instance holds what belongs to the user: the addresses that are theirs (left out of
 * reply-all recipients), the time zone and the language (English, or Korean for a Korean
 * locale) of the "On ... wrote:" line and the forwarded header block. Immutable and
 * thread-safe.
 *
 * <p>
 * The original is given as its {@link ParsedMessage}, whose text is taken from the body
 * tree ({@link #bodyText(ParsedMessage)}), or as its {@link MessageSummary} plus the
 * decoded text to quote.
 */
public final class Replies {

	/**
	 * At most this many ids go into References: the first (the thread's root) and the
	 * last 20, the practice of RFC 5322 3.6.4 readers and of Thunderbird and Gmail.
	 */
	public static final int MAX_REFERENCES = 21;

	/**
	 * A subject that is already a reply: Re (English, and as many languages write it), AW
	 * (German), SV (Nordic), Antw (Dutch), 답장 and 회신 (Korean), 回复 and 回覆 (Chinese), 返信
	 * (Japanese), optionally counted ({@code Re[2]:}, {@code Re(2):}), with an ASCII or
	 * full-width colon, in any case.
	 */
	private static final Pattern REPLY_PREFIX = Pattern.compile(
			"^\\s*(?:re|aw|sv|antw|답장|회신|回复|回覆|返信)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/**
	 * A subject that is already a forward: Fwd, Fw, WG (German), 전달 (Korean), 转发 and 轉寄
	 * (Chinese), 転送 (Japanese).
	 */
	private static final Pattern FORWARD_PREFIX = Pattern.compile(
			"^\\s*(?:fwd|fw|wg|전달|转发|轉寄|転送)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*[:：]",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/** RFC 2045 5.1 type/subtype, tokens on both sides. */
	private static final Pattern CONTENT_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+");

	private static final DateTimeFormatter ENGLISH_DATE = DateTimeFormatter.ofPattern("EEE, MMM d, yyyy 'at' h:mm a",
			Locale.ENGLISH);

	private static final DateTimeFormatter KOREAN_DATE = DateTimeFormatter.ofPattern("yyyy년 M월 d일 (E) a h:mm",
			Locale.KOREAN);

	private final Set<String> ownAddresses;

	private final ZoneId zone;

	private final boolean korean;

	/**
	 * Creates the replies of one user.
	 * @param ownAddresses the user's address and aliases, compared without regard to
	 * case; null for none
	 * @param zone the time zone dates are shown in
	 * @param locale the language of the quote and forward lines: Korean for a locale
	 * whose language is {@code ko}, English for any other (and for null)
	 */
	public Replies(Collection<String> ownAddresses, ZoneId zone, Locale locale) {
		Set<String> own = new HashSet<>();
		if (ownAddresses != null) {
			for (String address : ownAddresses) {
				if (address != null && !address.isBlank()) {
					own.add(key(address));
				}
			}
		}
		this.ownAddresses = Set.copyOf(own);
		this.zone = Objects.requireNonNull(zone, "zone");
		this.korean = locale != null && locale.getLanguage().equals("ko");
	}

	/**
	 * A reply to the author, quoting the text of the original's body.
	 * @param original the message replied to
	 * @return the reply
	 * @see #reply(MessageSummary, String)
	 */
	public PrefilledDraft reply(ParsedMessage original) {
		return reply(original.summary(), bodyText(original));
	}

	/**
	 * A reply to the author: To is the original's Reply-To when it has one, else its
	 * From, without the user's own addresses. A reply to the user's own message (all of
	 * those addresses are the user's) goes to the original's To instead, as in Gmail and
	 * Thunderbird; a message the user sent only to themselves is answered to themselves.
	 * A message without From and Reply-To gets a reply without recipients. Subject
	 * {@code Re: }, once (see {@link #replySubject(String)}), In-Reply-To and References
	 * as RFC 5322 3.6.4 describes, and the text quoted below two empty lines (see
	 * {@link #quote(MessageSummary, String)}).
	 * @param original the summary of the message replied to
	 * @param text the decoded text to quote; null or empty for none
	 * @return the reply
	 */
	public PrefilledDraft reply(MessageSummary original, String text) {
		List<Mailbox> target = replyTarget(original);
		List<Mailbox> to = withoutOwn(target);
		if (to.isEmpty() && !target.isEmpty()) {
			// The user's own message.
			to = withoutOwn(original.to());
			if (to.isEmpty()) {
				to = unique(target);
			}
		}
		return new PrefilledDraft(to, List.of(), replySubject(original.subject()), replyText(original, text),
				inReplyTo(original), references(original), List.of());
	}

	/**
	 * A reply to all, quoting the text of the original's body.
	 * @param original the message replied to
	 * @return the reply
	 * @see #replyAll(MessageSummary, String)
	 */
	public PrefilledDraft replyAll(ParsedMessage original) {
		return replyAll(original.summary(), bodyText(original));
	}

	/**
	 * A reply to all: To is the reply target ({@link #reply(MessageSummary, String)}:
	 * Reply-To, else From) followed by the original's To, Cc is the original's Cc, both
	 * without the user's own addresses and without duplicates (compared by address
	 * without regard to case, the first kept; an address in To is not repeated in Cc).
	 * When nothing is left for To, the Cc recipients move there; when nothing is left at
	 * all, the reply goes to the reply target. Subject, threading and quote as for a
	 * reply.
	 * @param original the summary of the message replied to
	 * @param text the decoded text to quote; null or empty for none
	 * @return the reply
	 */
	public PrefilledDraft replyAll(MessageSummary original, String text) {
		List<Mailbox> target = replyTarget(original);
		List<Mailbox> all = new ArrayList<>(target);
		all.addAll(original.to());
		List<Mailbox> to = withoutOwn(all);
		List<Mailbox> cc = withoutOwn(original.cc());
		Set<String> inTo = new HashSet<>();
		to.forEach((mailbox) -> inTo.add(key(mailbox.address())));
		cc.removeIf((mailbox) -> inTo.contains(key(mailbox.address())));
		if (to.isEmpty()) {
			to = cc;
			cc = List.of();
		}
		if (to.isEmpty()) {
			to = unique(target);
		}
		return new PrefilledDraft(to, cc, replySubject(original.subject()), replyText(original, text),
				inReplyTo(original), references(original), List.of());
	}

	/**
	 * An inline forward of the original's text and attachments.
	 * @param original the message forwarded
	 * @param contents reads the decoded content of one of
	 * {@link #forwardableParts(MimePart)}, such as {@link #contentsOf(byte[])} or
	 * {@link MimeParser#copyPart} over the stored message; a part it returns null for is
	 * left out
	 * @return the forward, without recipients
	 * @see #forwardInline(MessageSummary, String, List)
	 */
	public PrefilledDraft forwardInline(ParsedMessage original, Function<MimePart, byte[]> contents) {
		Objects.requireNonNull(contents, "contents");
		List<Attachment> attachments = new ArrayList<>();
		for (MimePart part : forwardableParts(original.body())) {
			byte[] content = contents.apply(part);
			if (content != null) {
				attachments.add(toAttachment(part, content));
			}
		}
		return forwardInline(original.summary(), bodyText(original), attachments);
	}

	/**
	 * An inline forward: no recipients, subject {@code Fwd: } (once, see
	 * {@link #forwardSubject(String)}), no threading headers, and a body of two empty
	 * lines, the header block ("---------- Forwarded message ---------", From, Date,
	 * Subject, To, Cc; the latter three only when present) and the original text.
	 * @param original the summary of the message forwarded
	 * @param text its decoded text; null or empty for none
	 * @param attachments the attachments to carry over; null for none
	 * @return the forward
	 */
	public PrefilledDraft forwardInline(MessageSummary original, String text, List<Attachment> attachments) {
		StringBuilder body = new StringBuilder("\n\n");
		body.append(this.korean ? "---------- 전달된 메시지 ----------" : "---------- Forwarded message ---------")
			.append('\n');
		line(body, this.korean ? "보낸사람" : "From", join(original.from()));
		if (original.date() != null) {
			line(body, this.korean ? "날짜" : "Date", formatDate(original.date()));
		}
		line(body, this.korean ? "제목" : "Subject", original.subject());
		line(body, this.korean ? "받는사람" : "To", join(original.to()));
		line(body, this.korean ? "참조" : "Cc", join(original.cc()));
		body.append('\n');
		String forwarded = normalize(text);
		if (!forwarded.isEmpty()) {
			body.append(forwarded).append('\n');
		}
		return new PrefilledDraft(List.of(), List.of(), forwardSubject(original.subject()), body.toString(), null,
				List.of(), attachments);
	}

	/**
	 * A forward as attachment: no recipients, subject {@code Fwd: }, an empty text, and
	 * the original whole as a message/rfc822 attachment named after its subject
	 * ({@link Attachment#message(String, byte[])},
	 * {@link Attachment#messageFileName(String)}).
	 * @param original the summary of the message forwarded
	 * @param raw the message as stored
	 * @return the forward
	 */
	public PrefilledDraft forwardAsAttachment(MessageSummary original, byte[] raw) {
		Objects.requireNonNull(raw, "raw");
		Attachment message = Attachment.message(Attachment.messageFileName(original.subject()), raw);
		return new PrefilledDraft(List.of(), List.of(), forwardSubject(original.subject()), "", null, List.of(),
				List.of(message));
	}

	/**
	 * The quote of a reply: the attribution line ({@link #attribution(MessageSummary)})
	 * and every line of the text prefixed with {@code "> "} (an empty line with
	 * {@code ">"} alone, so that no line ends in a blank), trailing empty lines dropped.
	 * @param original the summary of the message replied to
	 * @param text its decoded text, line breaks LF, CRLF or CR; null for none
	 * @return the quote, line breaks LF, ending in one
	 */
	public String quote(MessageSummary original, String text) {
		StringBuilder quote = new StringBuilder(attribution(original)).append('\n');
		String body = normalize(text);
		if (!body.isEmpty()) {
			for (String line : body.split("\n", -1)) {
				quote.append(line.isEmpty() ? ">" : "> " + line).append('\n');
			}
		}
		return quote.toString();
	}

	/**
	 * The line above a quote: {@code On Mon, Jun 3, 2024 at 2:05 PM, 홍길동 wrote:} or in
	 * Korean {@code 2024년 6월 3일 (월) 오후 2:05, 홍길동 님이 작성:}, the date in this instance's
	 * zone and left out when the original has none, the name being the author's display
	 * name or else address.
	 * @param original the summary of the message replied to
	 * @return the line, without a line break
	 */
	public String attribution(MessageSummary original) {
		String name = authorName(original);
		String date = (original.date() != null) ? formatDate(original.date()) + ", " : "";
		if (this.korean) {
			return date + name + " 님이 작성:";
		}
		return (date.isEmpty() ? "" : "On " + date) + name + " wrote:";
	}

	/**
	 * The subject of a reply: {@code "Re: " + subject}, unless the subject already is a
	 * reply ({@code Re:}, {@code RE:}, {@code Re[2]:}, {@code AW:}, {@code SV:},
	 * {@code 회신:}, {@code 답장:} and the like), which is kept as it is.
	 * @param subject the original subject, may be null
	 * @return the reply subject; {@code "Re:"} for an empty one
	 */
	public static String replySubject(String subject) {
		return prefixed("Re:", REPLY_PREFIX, subject);
	}

	/**
	 * The subject of a forward: {@code "Fwd: " + subject}, unless the subject already is
	 * a forward ({@code Fwd:}, {@code FW:}, {@code WG:}, {@code 전달:} and the like).
	 * @param subject the original subject, may be null
	 * @return the forward subject; {@code "Fwd:"} for an empty one
	 */
	public static String forwardSubject(String subject) {
		return prefixed("Fwd:", FORWARD_PREFIX, subject);
	}

	/**
	 * The References of a reply (RFC 5322 3.6.4): the original's References, or when it
	 * has none its In-Reply-To, followed by its Message-ID; ids that could not be written
	 * and repeated ids left out, then cut to the first and the last
	 * {@link #MAX_REFERENCES} - 1.
	 * @param original the summary of the message replied to
	 * @return the ids, oldest first, without angle brackets
	 */
	public static List<String> references(MessageSummary original) {
		List<String> ids = new ArrayList<>();
		if (!original.references().isEmpty()) {
			ids.addAll(original.references());
		}
		else if (original.inReplyTo() != null) {
			ids.add(original.inReplyTo());
		}
		String own = inReplyTo(original);
		// Each id once; the replied-to message's id last, where it belongs.
		Map<String, String> unique = new LinkedHashMap<>();
		for (String id : ids) {
			if (HeaderFields.isMessageId(id) && !id.equals(own)) {
				unique.putIfAbsent(id, id);
			}
		}
		List<String> result = new ArrayList<>(unique.values());
		if (own != null) {
			result.add(own);
		}
		if (result.size() > MAX_REFERENCES) {
			List<String> cut = new ArrayList<>(MAX_REFERENCES);
			cut.add(result.get(0));
			cut.addAll(result.subList(result.size() - (MAX_REFERENCES - 1), result.size()));
			result = cut;
		}
		return result;
	}

	/**
	 * The text of a message's body to quote or forward: of a multipart/alternative the
	 * text/plain alternative, else the HTML one as plain text; of other multiparts the
	 * text of each displayed part in order, separated by an empty line. Attachments and
	 * forwarded messages are left out.
	 * @param message the parsed message
	 * @return the text, line breaks LF; empty when there is none
	 */
	public static String bodyText(ParsedMessage message) {
		String text = textOf(message.body());
		return (text != null) ? text : "";
	}

	/**
	 * The parts an inline forward carries over: each attachment of the message
	 * ({@link MimePart#isAttachment()}), a forwarded message/rfc822 part whole. Inline
	 * resources of an HTML body (images referenced by {@code cid:}) are not: the forward
	 * is plain text.
	 * @param body the root of the message's body tree
	 * @return the parts in order
	 */
	public static List<MimePart> forwardableParts(MimePart body) {
		List<MimePart> parts = new ArrayList<>();
		collectAttachments(body, parts);
		return parts;
	}

	/**
	 * Reads parts out of a message held in memory, for
	 * {@link #forwardInline(ParsedMessage, Function)}.
	 * @param raw the message the parts were parsed from
	 * @return a function giving a part's decoded content, null when there is no such part
	 */
	public static Function<MimePart, byte[]> contentsOf(byte[] raw) {
		Objects.requireNonNull(raw, "raw");
		MimeParser parser = new MimeParser();
		return (part) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			return parser.copyPart(new ByteArrayInputStream(raw), part.path(), out) ? out.toByteArray() : null;
		};
	}

	private List<Mailbox> replyTarget(MessageSummary original) {
		return !original.replyTo().isEmpty() ? original.replyTo() : original.from();
	}

	private String replyText(MessageSummary original, String text) {
		return "\n\n" + quote(original, text);
	}

	private static String inReplyTo(MessageSummary original) {
		String id = original.messageId();
		return HeaderFields.isMessageId(id) ? id : null;
	}

	/** The mailboxes without the user's and without repeats, in order. */
	private List<Mailbox> withoutOwn(List<Mailbox> mailboxes) {
		List<Mailbox> result = unique(mailboxes);
		result.removeIf((mailbox) -> this.ownAddresses.contains(key(mailbox.address())));
		return result;
	}

	/**
	 * Each address once, compared without regard to case; the first one kept, with the
	 * first display name found for it.
	 */
	private static List<Mailbox> unique(List<Mailbox> mailboxes) {
		Map<String, Mailbox> unique = new LinkedHashMap<>();
		for (Mailbox mailbox : mailboxes) {
			if (mailbox == null || mailbox.address() == null || mailbox.address().isBlank()) {
				continue;
			}
			unique.merge(key(mailbox.address()), mailbox,
					(first, later) -> (isBlank(first.name()) && !isBlank(later.name()))
							? new Mailbox(later.name(), first.address()) : first);
		}
		return new ArrayList<>(unique.values());
	}

	private static String key(String address) {
		return address.strip().toLowerCase(Locale.ROOT);
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private String authorName(MessageSummary original) {
		if (original.from().isEmpty()) {
			return this.korean ? "알 수 없는 보낸사람" : "Unknown sender";
		}
		Mailbox author = original.from().get(0);
		return isBlank(author.name()) ? author.address() : author.name().strip();
	}

	private String formatDate(OffsetDateTime date) {
		return (this.korean ? KOREAN_DATE : ENGLISH_DATE).format(date.atZoneSameInstant(this.zone));
	}

	private static void line(StringBuilder body, String label, String value) {
		if (value != null && !value.isEmpty()) {
			body.append(label).append(": ").append(value).append('\n');
		}
	}

	private static String join(List<Mailbox> mailboxes) {
		List<String> names = new ArrayList<>(mailboxes.size());
		mailboxes.forEach((mailbox) -> names.add(mailbox.toString()));
		return String.join(", ", names);
	}

	/** LF line breaks, no trailing blank lines or blanks. */
	private static String normalize(String text) {
		if (text == null) {
			return "";
		}
		return text.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
	}

	private static String prefixed(String prefix, Pattern already, String subject) {
		String value = (subject != null) ? subject.strip() : "";
		if (value.isEmpty()) {
			return prefix;
		}
		return already.matcher(value).find() ? value : prefix + " " + value;
	}

	private static String textOf(MimePart part) {
		if (part.isAttachment() || part.contentType().equals("message/rfc822")) {
			return null;
		}
		if (part.contentType().equals("text/plain")) {
			return (part.text() != null) ? part.text() : "";
		}
		if (part.contentType().equals("text/html")) {
			return PlainTextHtml.htmlToText(part.text());
		}
		if (!part.contentType().startsWith("multipart/")) {
			return null;
		}
		if (part.contentType().equals("multipart/alternative")) {
			String html = null;
			for (MimePart child : part.children()) {
				if (hasPlainText(child)) {
					return textOf(child);
				}
				String text = textOf(child);
				html = (text != null) ? text : html;
			}
			return html;
		}
		List<String> texts = new ArrayList<>();
		for (MimePart child : part.children()) {
			String text = textOf(child);
			if (text != null && !text.isBlank()) {
				texts.add(normalize(text));
			}
		}
		return texts.isEmpty() ? null : String.join("\n\n", texts);
	}

	private static boolean hasPlainText(MimePart part) {
		if (part.isAttachment()) {
			return false;
		}
		if (part.contentType().equals("text/plain")) {
			return true;
		}
		if (part.contentType().startsWith("multipart/")) {
			return part.children().stream().anyMatch(Replies::hasPlainText);
		}
		return false;
	}

	private static void collectAttachments(MimePart part, List<MimePart> parts) {
		if (part.isAttachment()) {
			parts.add(part);
			return;
		}
		if (part.contentType().startsWith("multipart/")) {
			for (MimePart child : part.children()) {
				collectAttachments(child, parts);
			}
		}
	}

	/**
	 * The attachment for a carried-over part: a forwarded message as message/rfc822, a
	 * text/plain or text/html file with the charset it was decoded with, types the
	 * composer cannot write (multipart, message other than rfc822, an invalid type) as
	 * application/octet-stream; the file name made safe.
	 */
	private static Attachment toAttachment(MimePart part, byte[] content) {
		String filename = (part.filename() != null) ? HttpFilenames.safeName(part.filename()) : null;
		String type = part.contentType();
		if (type.equals(HeaderFields.MESSAGE_RFC822)) {
			return Attachment.message((filename != null) ? filename : Attachment.messageFileName(null), content);
		}
		if (!CONTENT_TYPE.matcher(type).matches() || type.startsWith("multipart/") || type.startsWith("message/")) {
			type = "application/octet-stream";
		}
		else if (part.charset() != null && (type.equals("text/plain") || type.equals("text/html"))) {
			type = type + "; charset=" + mimeCharsetName(part.charset());
		}
		return Attachment.file(filename, type, content);
	}

	/**
	 * The label for a Java charset name: windows-949, Java's name for the Korean charset
	 * the parser decodes all Korean labels with, as ks_c_5601-1987, the label Outlook
	 * writes for it and every reader maps to the same code page.
	 */
	private static String mimeCharsetName(String javaName) {
		return javaName.equalsIgnoreCase("x-windows-949") ? "ks_c_5601-1987" : javaName;
	}

}
