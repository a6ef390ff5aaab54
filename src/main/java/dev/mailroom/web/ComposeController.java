package dev.mailroom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.mailroom.account.AccountService;
import dev.mailroom.delivery.Cancellation;
import dev.mailroom.delivery.Drafts;
import dev.mailroom.delivery.ScheduledSend;
import dev.mailroom.delivery.ScheduledSends;
import dev.mailroom.delivery.SubmissionRefusedException;
import dev.mailroom.delivery.SubmissionService;
import dev.mailroom.mailbox.Correspondent;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.PrefilledDraft;
import dev.mailroom.mime.Replies;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Writing mail: a new message, a reply, a reply to all, a forward inline or as an
 * attachment, or a saved draft resumed. Sending goes through the delivery module, like
 * SMTP submission and the REST API, which keeps a copy in Sent: at once when the user's
 * undo-send delay is 0, else through the outbox, with an Undo button on the next page for
 * as long as the delay lasts.
 *
 * <p>
 * Drafts are saved by the Save button (the page reloads with the draft) and every few
 * seconds by compose.js ({@code POST /mail/compose/draft}, answered in JSON). A saved
 * version replaces the previous one; its attachments stay in the draft, and the page
 * posts back the indexes of those the user keeps.
 */
@Controller
class ComposeController {

	private final MessageService messages;

	private final MailboxService mailboxes;

	private final MessageContent contents;

	private final MessageStore store;

	private final SubmissionService submissions;

	private final ScheduledSends outbox;

	private final Drafts drafts;

	private final WebProperties properties;

	private final MessageSource text;

	private final AccountService accounts;

	ComposeController(MessageService messages, MailboxService mailboxes, MessageContent contents, MessageStore store,
			SubmissionService submissions, ScheduledSends outbox, Drafts drafts, WebProperties properties,
			MessageSource text, AccountService accounts) {
		this.accounts = accounts;
		this.messages = messages;
		this.mailboxes = mailboxes;
		this.contents = contents;
		this.store = store;
		this.submissions = submissions;
		this.outbox = outbox;
		this.drafts = drafts;
		this.properties = properties;
		this.text = text;
	}

	@GetMapping("/mail/compose")
	String compose(CurrentUser me, @RequestParam Optional<Long> reply, @RequestParam Optional<Long> replyAll,
			@RequestParam Optional<Long> forward, @RequestParam Optional<Long> forwardAttached,
			@RequestParam Optional<String> to, @RequestParam Optional<Long> draft, Locale locale, Model model) {
		ComposeForm form = new ComposeForm();
		form.setFrom(me.email());
		if (draft.isPresent()) {
			Draft saved = this.drafts.open(me.id(), draft.get())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
			fill(form, saved);
			form.setDraftId(draft.get());
			for (int i = 0; i < saved.attachments().size(); i++) {
				form.getKeep().add(i);
			}
			return page(me, form, saved, model);
		}
		to.ifPresent(form::setTo);
		String signature = me.settings().signature();
		String body = signature.isBlank() ? "" : "\n\n-- \n" + signature;
		form.setText(body);
		Optional<Long> original = reply.or(() -> replyAll).or(() -> forward).or(() -> forwardAttached);
		if (original.isPresent()) {
			MessageDetail detail = this.messages.find(me.id(), original.get())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
			MessageContent.Display display = this.contents.open(me.id(), original.get())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
			Replies replies = new Replies(ownAddresses(me), me.zone(), locale);
			PrefilledDraft prefilled;
			if (reply.isPresent()) {
				prefilled = replies.reply(display.parsed());
				form.setReplyTo(detail.id());
			}
			else if (replyAll.isPresent()) {
				prefilled = replies.replyAll(display.parsed());
				form.setReplyTo(detail.id());
			}
			else if (forward.isPresent()) {
				prefilled = replies.forwardInline(display.parsed().summary(), Replies.bodyText(display.parsed()),
						List.of());
				form.setForwardFrom(detail.id());
			}
			else {
				prefilled = replies.forwardAsAttachment(display.parsed().summary(), new byte[0]);
				form.setForwardAttached(detail.id());
			}
			form.setTo(join(prefilled.to()));
			form.setCc(join(prefilled.cc()));
			form.setSubject(prefilled.subject());
			form.setText(signature.isBlank() ? prefilled.text() : "\n\n-- \n" + signature + prefilled.text());
			form.setInReplyTo(prefilled.inReplyTo());
			form.setReferences(String.join(" ", prefilled.references()));
		}
		return page(me, form, null, model);
	}

	/** Send, or (with {@code save}) save the draft and come back to it. */
	@PostMapping("/mail/compose")
	String send(CurrentUser me, @ModelAttribute ComposeForm form, @RequestParam Optional<String> save, Model model,
			RedirectAttributes flash) {
		Draft previous = previousDraft(me, form);
		if (form.getDraftId() != null && previous == null && !form.getKeep().isEmpty()) {
			return error(me, form, null, model, "compose.error.draft-gone");
		}
		Built built = build(me, form, previous);
		if (built.tooBig()) {
			return error(me, form, previous, model, "compose.error.too-big");
		}
		if (save.isPresent()) {
			long id;
			try {
				id = this.drafts.save(me.id(), built.draft(), form.getDraftId());
			}
			catch (SubmissionRefusedException | IllegalArgumentException ex) {
				model.addAttribute("errorText", ex.getMessage());
				return page(me, form, previous, model);
			}
			flash.addFlashAttribute("notice", "compose.draft-saved");
			return "redirect:/mail/compose?draft=" + id;
		}
		Draft draft = built.draft();
		if (draft.to().isEmpty() && draft.cc().isEmpty() && draft.bcc().isEmpty()) {
			return error(me, form, previous, model, "compose.error.no-recipients");
		}
		int delay = me.settings().undoSendSeconds();
		try {
			if (delay == 0) {
				this.submissions.submitComposed(me.id(), draft, Instant.now());
				if (form.getDraftId() != null) {
					this.drafts.delete(me.id(), form.getDraftId());
				}
				flash.addFlashAttribute("notice", "compose.sent");
			}
			else {
				ScheduledSend scheduled = this.outbox.schedule(me.id(), draft, Instant.now().plusSeconds(delay),
						form.getDraftId());
				flash.addFlashAttribute("undoId", scheduled.id());
				flash.addFlashAttribute("undoSeconds", delay);
			}
		}
		catch (SubmissionRefusedException | IllegalArgumentException ex) {
			model.addAttribute("errorText", ex.getMessage());
			return page(me, form, previous, model);
		}
		if (form.getReplyTo() != null) {
			this.messages.setAnswered(me.id(), List.of(form.getReplyTo()), true);
		}
		return "redirect:/mail/folder/" + this.messages.folderOf(me.id(), FolderRole.INBOX);
	}

	/**
	 * compose.js saving the draft while the user types: the new draft's id and its
	 * attachments (the uploaded files are in it now), or an error to show.
	 */
	@PostMapping(value = "/mail/compose/draft", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<Map<String, Object>> autosave(CurrentUser me, @ModelAttribute ComposeForm form, Locale locale) {
		Draft previous = previousDraft(me, form);
		if (form.getDraftId() != null && previous == null && !form.getKeep().isEmpty()) {
			return problem(HttpStatus.CONFLICT, "compose.error.draft-gone", locale);
		}
		Built built = build(me, form, previous);
		if (built.tooBig()) {
			return problem(HttpStatus.PAYLOAD_TOO_LARGE, "compose.error.too-big", locale);
		}
		long id;
		try {
			id = this.drafts.save(me.id(), built.draft(), form.getDraftId());
		}
		catch (SubmissionRefusedException | IllegalArgumentException ex) {
			return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
		}
		List<Attachment> attachments = built.draft().attachments();
		List<Map<String, Object>> files = new ArrayList<>();
		for (int i = 0; i < attachments.size(); i++) {
			Attachment attachment = attachments.get(i);
			files.add(Map.of("index", i, "name", name(attachment), "size", attachment.content().length, "readableSize",
					AttachedFile.readable(attachment.content().length)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("draftId", id);
		body.put("attachments", files);
		return ResponseEntity.ok(body);
	}

	/** Leaves the page; the draft it saved, if any, is deleted. */
	@PostMapping("/mail/compose/discard")
	String discard(CurrentUser me, @RequestParam Optional<Long> draftId, RedirectAttributes flash) {
		if (draftId.isPresent() && this.drafts.delete(me.id(), draftId.get())) {
			flash.addFlashAttribute("notice", "compose.discarded");
		}
		return "redirect:/mail/folder/" + this.messages.folderOf(me.id(), FolderRole.INBOX);
	}

	/** The Undo button of a message in its undo-send delay. */
	@PostMapping("/mail/outbox/{id}/undo")
	String undo(CurrentUser me, @PathVariable long id, RedirectAttributes flash) {
		Cancellation cancellation = this.outbox.cancel(me.id(), id);
		if (cancellation.cancelled()) {
			flash.addFlashAttribute("notice", "compose.undone");
			return "redirect:/mail/compose?draft=" + cancellation.draftMessageId();
		}
		flash.addFlashAttribute("notice", "compose.too-late");
		return "redirect:/mail/folder/" + this.messages.folderOf(me.id(), FolderRole.SENT);
	}

	/**
	 * Suggestions for the address fields: people the user wrote to or heard from whose
	 * address or name starts with {@code q}.
	 */
	@GetMapping(value = "/mail/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	List<Map<String, String>> contacts(CurrentUser me, @RequestParam(defaultValue = "") String q) {
		List<Map<String, String>> result = new ArrayList<>();
		for (Correspondent correspondent : this.messages.correspondents(me.id(), q, 10)) {
			Map<String, String> entry = new LinkedHashMap<>();
			entry.put("value", typed(new Mailbox(correspondent.name(), correspondent.address())));
			entry.put("address", correspondent.address());
			if (correspondent.name() != null) {
				entry.put("name", correspondent.name());
			}
			result.add(entry);
		}
		return result;
	}

	private record Built(Draft draft, boolean tooBig) {
	}

	/** The draft the page edits, with its attachments; null when none (or gone). */
	private Draft previousDraft(CurrentUser me, ComposeForm form) {
		return (form.getDraftId() != null) ? this.drafts.open(me.id(), form.getDraftId()).orElse(null) : null;
	}

	/**
	 * The message as the form has it: the kept attachments of the draft, the new files,
	 * and the forwarded original; too big when the files together pass the limit.
	 */
	private Built build(CurrentUser me, ComposeForm form, Draft previous) {
		List<Attachment> attachments = new ArrayList<>();
		if (previous != null) {
			for (int index : new LinkedHashSet<>(form.getKeep())) {
				if (index >= 0 && index < previous.attachments().size()) {
					attachments.add(previous.attachments().get(index));
				}
			}
		}
		for (MultipartFile file : form.getFiles()) {
			if (file.isEmpty()) {
				continue;
			}
			attachments.add(Attachment.file(baseName(file.getOriginalFilename()), file.getContentType(), bytes(file)));
		}
		long total = attachments.stream().mapToLong((attachment) -> attachment.content().length).sum();
		if (form.getForwardAttached() != null) {
			attachments.add(forwardedOriginal(me, form.getForwardAttached()));
		}
		if (form.getForwardFrom() != null) {
			attachments.addAll(forwardedParts(me, form.getForwardFrom()));
		}
		Mailbox from = new Mailbox(me.account().displayName(), me.email());
		String html = ComposeHtml.clean(form.getHtml());
		String body = (form.getText() != null) ? form.getText() : "";
		if (!html.isEmpty() && body.isBlank()) {
			body = dev.mailroom.mime.PlainTextHtml.htmlToText(html);
		}
		Draft draft = new Draft(from, Mailbox.parseList(form.getTo()), Mailbox.parseList(form.getCc()),
				Mailbox.parseList(form.getBcc()), List.of(), form.getSubject(), body, html.isEmpty() ? null : html,
				attachments, blankToNull(form.getInReplyTo()), references(form.getReferences()), null);
		return new Built(draft, total > this.properties.maxUpload().toBytes());
	}

	private Attachment forwardedOriginal(CurrentUser me, long messageId) {
		MessageDetail detail = this.messages.find(me.id(), messageId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try (InputStream raw = this.store.openRaw(me.id(), messageId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND))) {
			return Attachment.message(Attachment.messageFileName(detail.item().subject()), raw.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The attachments of a message forwarded inline, carried over as Gmail does. */
	private List<Attachment> forwardedParts(CurrentUser me, long messageId) {
		MessageContent.Display display = this.contents.open(me.id(), messageId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		byte[] raw;
		try (InputStream in = this.store.openRaw(me.id(), messageId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND))) {
			raw = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Replies(List.of(me.email()), me.zone(), Locale.ROOT)
			.forwardInline(display.parsed(), Replies.contentsOf(raw))
			.attachments();
	}

	private List<String> ownAddresses(CurrentUser me) {
		List<String> own = new ArrayList<>();
		own.add(me.email());
		this.accounts.listAliases()
			.stream()
			.filter((alias) -> alias.userEmail().equalsIgnoreCase(me.email()))
			.forEach((alias) -> own.add(alias.email()));
		return own;
	}

	/** The form filled from a saved draft. */
	static void fill(ComposeForm form, Draft draft) {
		form.setTo(join(draft.to()));
		form.setCc(join(draft.cc()));
		form.setBcc(join(draft.bcc()));
		form.setSubject((draft.subject() != null) ? draft.subject() : "");
		form.setHtml((draft.html() != null) ? ComposeHtml.clean(draft.html()) : null);
		form.setText((draft.text() != null) ? draft.text() : dev.mailroom.mime.PlainTextHtml.htmlToText(draft.html()));
		form.setInReplyTo(draft.inReplyTo());
		form.setReferences(String.join(" ", draft.references()));
	}

	private String error(CurrentUser me, ComposeForm form, Draft previous, Model model, String error) {
		model.addAttribute("error", error);
		return page(me, form, previous, model);
	}

	private ResponseEntity<Map<String, Object>> problem(HttpStatus status, String code, Locale locale) {
		String message = this.text.getMessage(code, new Object[] { this.properties.maxUpload().toMegabytes() }, code,
				locale);
		return ResponseEntity.status(status).body(Map.of("error", message));
	}

	private String page(CurrentUser me, ComposeForm form, Draft previous, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("maxUpload", this.properties.maxUpload().toMegabytes());
		model.addAttribute("maxUploadBytes", this.properties.maxUpload().toBytes());
		List<AttachedFile> attached = new ArrayList<>();
		if (previous != null) {
			for (int i = 0; i < previous.attachments().size(); i++) {
				Attachment attachment = previous.attachments().get(i);
				attached.add(
						new AttachedFile(i, name(attachment), attachment.content().length, form.getKeep().contains(i)));
			}
		}
		model.addAttribute("attached", attached);
		model.addAttribute("rich", form.getHtml() != null && !form.getHtml().isBlank());
		MailController.addSidebar(me, this.mailboxes.folderSummaries(me.id()), null, model);
		return "mail/compose";
	}

	private static String name(Attachment attachment) {
		return (attachment.filename() != null) ? attachment.filename() : "attachment";
	}

	/** Without any directory an old browser may send along. */
	private static String baseName(String filename) {
		if (filename == null || filename.isBlank()) {
			return null;
		}
		return filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
	}

	private static String join(List<Mailbox> mailboxes) {
		return mailboxes.stream().map(ComposeController::typed).collect(Collectors.joining(", "));
	}

	/**
	 * An address as the user would type it in a comma-separated field: a name with a
	 * comma or another special in quotes, so it reads back as one address.
	 */
	static String typed(Mailbox mailbox) {
		String name = mailbox.name();
		if (name == null || name.isBlank()) {
			return mailbox.address();
		}
		if (name.chars().anyMatch((c) -> "()<>[]:;@\\,.\"".indexOf(c) >= 0)) {
			name = '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
		}
		return name + " <" + mailbox.address() + ">";
	}

	private static byte[] bytes(MultipartFile file) {
		try {
			return file.getBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static List<String> references(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.trim().split("\\s+")).toList();
	}

}
