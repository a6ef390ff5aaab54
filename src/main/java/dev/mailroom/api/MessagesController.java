package dev.mailroom.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailroom.delivery.Cancellation;
import dev.mailroom.delivery.DeliveryStatus;
import dev.mailroom.delivery.RecipientDelivery;
import dev.mailroom.delivery.ScheduledSend;
import dev.mailroom.delivery.ScheduledSends;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mailbox.MessagePage;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PageCursor;
import dev.mailroom.mailbox.PageRequest;
import dev.mailroom.mime.HtmlSanitizer;
import dev.mailroom.mime.HttpFilenames;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.mime.MimePart;
import dev.mailroom.mime.ParsedMessage;
import dev.mailroom.mime.PlainTextHtml;
import dev.mailroom.mime.RemoteImages;
import dev.mailroom.mime.SafeHtml;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading and filing the caller's mail. {@code {id}} is a message's number (as lists give
 * it) or its Message-ID (as a send answers it; the caller's copy in Sent first). Every
 * lookup is scoped to the caller: someone else's id is 404, never 403, so ids cannot be
 * probed.
 */
@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "Messages")
class MessagesController {

	static final int DEFAULT_LIMIT = 50;

	private final MessageService messages;

	private final MailboxService mailboxes;

	private final MessageStore store;

	private final ScheduledSends outbox;

	private final DeliveryStatus deliveries;

	private final ApiSends sends;

	private final SearchAdapter search;

	private final MimeParser parser = new MimeParser();

	MessagesController(MessageService messages, MailboxService mailboxes, MessageStore store, ScheduledSends outbox,
			DeliveryStatus deliveries, ApiSends sends, SearchAdapter search) {
		this.messages = messages;
		this.mailboxes = mailboxes;
		this.store = store;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.sends = sends;
		this.search = search;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List messages, newest first, one keyset page at a time",
			description = "A folder (INBOX by default), or with q a search over all folders with the webmail's "
					+ "operators (from:, to:, subject:, has:attachment, is:unread, in:, before:, after:, \"phrases\", -not).")
	MessageViews.Page list(ApiUser user, @Parameter(
			description = "A folder id or role (inbox, sent, drafts, archive, junk, trash); default inbox") @RequestParam(
					required = false) String folder,
			@Parameter(description = "Search query, as typed in the webmail's search box") @RequestParam(
					required = false) String q,
			@Parameter(description = "1 to 200, default 50") @RequestParam(required = false) Integer limit, @Parameter(
					description = "next_cursor of the previous page") @RequestParam(required = false) String cursor) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > PageRequest.MAX_LIMIT) {
			throw new ApiProblem(Problems.invalid("limit", "must be between 1 and " + PageRequest.MAX_LIMIT));
		}
		PageRequest page;
		if (cursor == null || cursor.isEmpty()) {
			page = PageRequest.first(size);
		}
		else {
			try {
				page = new PageRequest(PageRequest.Direction.OLDER, PageCursor.parse(cursor), size);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiProblem(Problems.invalid("cursor", "is not a cursor of this API"));
			}
		}
		MessagePage result;
		if (q != null && !q.isBlank()) {
			Long folderId = (folder != null) ? folderId(user, folder, "folder") : null;
			result = this.search.search(user, q, folderId, page);
		}
		else {
			long folderId = (folder != null) ? folderId(user, folder, "folder")
					: this.messages.folderOf(user.id(), FolderRole.INBOX);
			result = this.messages.list(user.id(), folderId, page);
		}
		return new MessageViews.Page(result.items().stream().map(MessageViews.Summary::of).toList(),
				(result.older() != null) ? result.older().token() : null);
	}

	/** A folder id or role name of the caller's; 404 when not theirs. */
	private long folderId(ApiUser user, String folder, String field) {
		if (folder.chars().allMatch(Character::isDigit) && !folder.isEmpty()) {
			long id;
			try {
				id = Long.parseLong(folder);
			}
			catch (NumberFormatException ex) {
				throw ApiProblem.notFound("folder");
			}
			if (this.mailboxes.findFolder(user.id(), id).isEmpty()) {
				throw ApiProblem.notFound("folder");
			}
			return id;
		}
		FolderRole role;
		try {
			role = FolderRole.valueOf(folder.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiProblem(Problems.invalid(field,
					"must be a folder id or one of inbox, sent, drafts, archive, " + "junk, trash"));
		}
		return this.messages.folderOf(user.id(), role);
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A message: summary, decoded text, sanitised HTML, attachments")
	@ApiResponse(responseCode = "404", description = "No such message of the caller's",
			content = @Content(mediaType = "application/problem+json"))
	MessageViews.Detail message(ApiUser user, @PathVariable String id) {
		MessageDetail detail = detail(user, id);
		ParsedMessage parsed = parse(user, detail.id());
		MimePart textPart = MessageBodies.body(parsed.body(), "text/plain");
		MimePart htmlPart = MessageBodies.body(parsed.body(), "text/html");
		List<MimePart> parts = MessageBodies.attachments(parsed.body());
		String base = "/api/v1/messages/" + detail.id() + "/attachments/";
		List<MessageViews.AttachmentView> attachments = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			MimePart part = parts.get(i);
			attachments.add(new MessageViews.AttachmentView(i, part.filename(), part.contentType(), part.size(),
					part.isAttachment() ? "attachment" : "inline", part.contentId(), base + i));
		}
		String text = (textPart != null && textPart.text() != null) ? textPart.text()
				: (htmlPart != null && htmlPart.text() != null) ? PlainTextHtml.htmlToText(htmlPart.text()) : "";
		SafeHtml html = null;
		if (htmlPart != null && htmlPart.text() != null) {
			html = HtmlSanitizer.sanitize(htmlPart.text(), RemoteImages.BLOCK, (cid) -> {
				for (int i = 0; i < parts.size(); i++) {
					if (parts.get(i).contentId() != null && parts.get(i).contentId().equalsIgnoreCase(cid)) {
						return base + i;
					}
				}
				return null;
			});
		}
		Optional<ApiSends.Send> send = (detail.messageIdHeader() != null)
				? this.sends.find(user.id(), detail.messageIdHeader()) : Optional.empty();
		var item = detail.item();
		return new MessageViews.Detail(detail.id(), detail.messageIdHeader(), item.folderId(),
				(detail.folderRole() != null) ? detail.folderRole().name().toLowerCase(Locale.ROOT) : null,
				item.threadId(), item.internalDate(), detail.sentDate(), item.size(),
				MessageViews.addresses(item.from()), MessageViews.addresses(item.to()),
				MessageViews.addresses(detail.cc()), MessageViews.addresses(detail.replyTo()), item.subject(),
				detail.inReplyTo(), detail.references(),
				new MessageViews.Flags(item.seen(), item.flagged(), item.answered(), item.draft()), text,
				(html != null) ? html.html() : null, html != null && html.remoteImagesBlocked(), attachments,
				send.map(ApiSends.Send::tags).orElse(null), send.map(ApiSends.Send::metadata).orElse(null));
	}

	@GetMapping(path = "/{id}/raw", produces = "message/rfc822")
	@Operation(summary = "The message as stored (message/rfc822)")
	void raw(ApiUser user, @PathVariable String id, HttpServletResponse response) throws IOException {
		long messageId = detail(user, id).id();
		try (InputStream raw = this.store.openRaw(user.id(), messageId)
			.orElseThrow(() -> ApiProblem.notFound("message"))) {
			response.setContentType("message/rfc822");
			response.setHeader("Content-Disposition", HttpFilenames.attachment("message-" + messageId + ".eml"));
			response.setHeader("X-Content-Type-Options", "nosniff");
			raw.transferTo(response.getOutputStream());
		}
	}

	@GetMapping("/{id}/attachments/{n}")
	@Operation(summary = "Attachment n (as listed in the message, from 0), decoded",
			description = "Always Content-Disposition: attachment, with the file name.")
	void attachment(ApiUser user, @PathVariable String id, @PathVariable int n, HttpServletResponse response)
			throws IOException {
		long messageId = detail(user, id).id();
		List<MimePart> parts = MessageBodies.attachments(parse(user, messageId).body());
		if (n < 0 || n >= parts.size()) {
			throw ApiProblem.notFound("attachment");
		}
		MimePart part = parts.get(n);
		response.setContentType(part.contentType());
		response.setHeader("Content-Disposition",
				HttpFilenames.attachment((part.filename() != null) ? part.filename() : "attachment-" + n));
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
		try (InputStream raw = this.store.openRaw(user.id(), messageId)
			.orElseThrow(() -> ApiProblem.notFound("message"))) {
			OutputStream out = response.getOutputStream();
			if (!this.parser.copyPart(raw, part.path(), out)) {
				throw ApiProblem.notFound("attachment");
			}
		}
	}

	record Patch(@Schema(description = "The \\Seen flag") Boolean seen,
			@Schema(description = "The \\Flagged flag (a star)") Boolean flagged,
			@Schema(description = "The \\Answered flag") Boolean answered,
			@Schema(description = "Move to this folder: an id or a role (inbox, archive, ...)",
					example = "archive") String folder) {
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change flags or move to another folder")
	MessageViews.Summary patch(ApiUser user, @PathVariable String id, @RequestBody Patch patch) {
		long messageId = detail(user, id).id();
		Long target = null;
		if (patch.folder() != null) {
			try {
				target = folderId(user, patch.folder(), "folder");
			}
			catch (ApiProblem ex) {
				throw new ApiProblem(Problems.invalid("folder", "no such folder of yours: " + patch.folder()));
			}
		}
		List<Long> ids = List.of(messageId);
		if (patch.seen() != null) {
			this.messages.setSeen(user.id(), ids, patch.seen());
		}
		if (patch.flagged() != null) {
			this.messages.setFlagged(user.id(), ids, patch.flagged());
		}
		if (patch.answered() != null) {
			this.messages.setAnswered(user.id(), ids, patch.answered());
		}
		if (target != null) {
			this.messages.move(user.id(), ids, target);
		}
		return MessageViews.Summary.of(detail(user, Long.toString(messageId)).item());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Move to Trash, or with permanent=true remove for good")
	ResponseEntity<Void> delete(ApiUser user, @PathVariable String id,
			@RequestParam(defaultValue = "false") boolean permanent) {
		MessageDetail detail = detail(user, id);
		if (permanent) {
			this.messages.deleteForever(user.id(), List.of(detail.id()));
		}
		else if (detail.folderRole() != FolderRole.TRASH) {
			this.messages.move(user.id(), List.of(detail.id()), this.messages.folderOf(user.id(), FolderRole.TRASH));
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/{id}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Each recipient's delivery state",
			description = "For mail the caller sent: remote recipients as the outbound queue has them (state, attempts, "
					+ "last reply, next attempt), local recipients as delivered at once (local: true), every recipient "
					+ "scheduled while the message waits for send_at. Bcc recipients are known for API sends only.")
	MessageViews.Deliveries deliveries(ApiUser user, @PathVariable String id) {
		Optional<MessageDetail> detail;
		String messageId;
		if (isNumber(id)) {
			detail = Optional.of(detail(user, id));
			messageId = detail.get().messageIdHeader();
		}
		else {
			messageId = id;
			detail = this.messages.findByMessageId(user.id(), id)
				.flatMap((found) -> this.messages.find(user.id(), found));
		}
		Optional<ApiSends.Send> send = (messageId != null) ? this.sends.find(user.id(), messageId) : Optional.empty();
		if (detail.isEmpty() && send.isEmpty()) {
			throw ApiProblem.notFound("message");
		}
		List<RecipientDelivery> result;
		Optional<ScheduledSend> waiting = (messageId != null) ? scheduled(user, messageId) : Optional.empty();
		if (waiting.isPresent()) {
			result = this.deliveries.scheduled(waiting.get().recipients(), waiting.get().sendAt());
		}
		else if (send.isPresent()) {
			Long contentId = (send.get().contentId() != null) ? send.get().contentId()
					: detail.map(MessageDetail::contentId).orElse(null);
			result = (contentId != null) ? this.deliveries.of(user.id(), contentId, send.get().recipients(),
					detail.map((d) -> d.item().internalDate()).orElse(send.get().createdAt())) : List.of();
		}
		else {
			MessageDetail message = detail.get();
			List<String> recipients = new ArrayList<>();
			if (message.folderRole() == FolderRole.SENT) {
				message.item().to().forEach((mailbox) -> recipients.add(mailbox.address()));
				message.cc().forEach((mailbox) -> recipients.add(mailbox.address()));
			}
			result = this.deliveries.of(user.id(), message.contentId(), recipients, message.item().internalDate());
		}
		return new MessageViews.Deliveries(messageId, result.stream().map(MessageViews.Delivery::of).toList());
	}

	@PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Cancel a scheduled send (send_at) that has not gone yet",
			description = "The message goes back to Drafts. 409 when it has gone already.")
	@ApiResponse(responseCode = "409", description = "Too late: it has been sent",
			content = @Content(mediaType = "application/problem+json"))
	MessageViews.Cancelled cancel(ApiUser user, @PathVariable String id) {
		String messageId = isNumber(id) ? detail(user, id).messageIdHeader() : id;
		Optional<ScheduledSend> waiting = (messageId != null) ? scheduled(user, messageId) : Optional.empty();
		if (waiting.isEmpty()) {
			boolean known = messageId != null && (this.sends.find(user.id(), messageId).isPresent()
					|| this.messages.findByMessageId(user.id(), messageId).isPresent());
			if (!known) {
				throw ApiProblem.notFound("message");
			}
			throw tooLate();
		}
		Cancellation cancellation = this.outbox.cancel(user.id(), waiting.get().id());
		if (!cancellation.cancelled()) {
			throw tooLate();
		}
		this.sends.forgetOutbox(user.id(), messageId);
		return new MessageViews.Cancelled(messageId, "cancelled", cancellation.draftMessageId());
	}

	private static ApiProblem tooLate() {
		return new ApiProblem(Problems.of(HttpStatus.CONFLICT, "not-scheduled", "Not scheduled",
				"This message is not waiting to be sent (it has gone, or was never scheduled)"));
	}

	private Optional<ScheduledSend> scheduled(ApiUser user, String messageId) {
		return this.outbox.scheduled(user.id())
			.stream()
			.filter((scheduled) -> messageId.equals(scheduled.messageId()))
			.findFirst();
	}

	private MessageDetail detail(ApiUser user, String id) {
		Optional<Long> messageId;
		if (isNumber(id)) {
			messageId = Optional.of(Long.parseLong(id));
		}
		else if (id.indexOf('@') > 0) {
			messageId = this.messages.findByMessageId(user.id(), id.strip().replaceAll("^<|>$", ""));
		}
		else {
			messageId = Optional.empty();
		}
		return messageId.flatMap((found) -> this.messages.find(user.id(), found))
			.orElseThrow(() -> ApiProblem.notFound("message"));
	}

	private static boolean isNumber(String id) {
		return !id.isEmpty() && id.length() <= 18 && id.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private ParsedMessage parse(ApiUser user, long messageId) {
		try (InputStream raw = this.store.openRaw(user.id(), messageId)
			.orElseThrow(() -> ApiProblem.notFound("message"))) {
			return this.parser.parse(raw);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
