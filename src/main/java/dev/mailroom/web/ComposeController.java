package dev.mailroom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailroom.account.AccountService;
import dev.mailroom.delivery.SubmissionRefusedException;
import dev.mailroom.delivery.SubmissionService;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.Attachment;
import dev.mailroom.mime.Draft;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.PrefilledDraft;
import dev.mailroom.mime.Replies;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Writing mail: a new message, a reply, a reply to all, a forward inline or as an
 * attachment. Sending goes through the delivery module's submission service, like SMTP
 * submission and the REST API, which keeps a copy in Sent.
 */
@Controller
class ComposeController {

	private final MessageService messages;

	private final MailboxService mailboxes;

	private final MessageContent contents;

	private final MessageStore store;

	private final SubmissionService submissions;

	private final WebProperties properties;

	private final AccountService accounts;

	ComposeController(MessageService messages, MailboxService mailboxes, MessageContent contents, MessageStore store,
			SubmissionService submissions, WebProperties properties, AccountService accounts) {
		this.accounts = accounts;
		this.messages = messages;
		this.mailboxes = mailboxes;
		this.contents = contents;
		this.store = store;
		this.submissions = submissions;
		this.properties = properties;
	}

	@GetMapping("/mail/compose")
	String compose(CurrentUser me, @RequestParam Optional<Long> reply, @RequestParam Optional<Long> replyAll,
			@RequestParam Optional<Long> forward, @RequestParam Optional<Long> forwardAttached,
			@RequestParam Optional<String> to, Locale locale, Model model) {
		ComposeForm form = new ComposeForm();
		form.setFrom(me.email());
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
		return page(me, form, model);
	}

	@PostMapping("/mail/compose")
	String send(CurrentUser me, @ModelAttribute ComposeForm form, Model model, RedirectAttributes flash) {
		List<Mailbox> to = Mailbox.parseList(form.getTo());
		List<Mailbox> cc = Mailbox.parseList(form.getCc());
		List<Mailbox> bcc = Mailbox.parseList(form.getBcc());
		if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
			model.addAttribute("error", "compose.error.no-recipients");
			return page(me, form, model);
		}
		List<Attachment> attachments = new ArrayList<>();
		long total = 0;
		for (MultipartFile file : form.getFiles()) {
			if (file.isEmpty()) {
				continue;
			}
			total += file.getSize();
			attachments.add(Attachment.file(file.getOriginalFilename(), file.getContentType(), bytes(file)));
		}
		if (total > this.properties.maxUpload().toBytes()) {
			model.addAttribute("error", "compose.error.too-big");
			return page(me, form, model);
		}
		if (form.getForwardAttached() != null) {
			attachments.add(forwardedOriginal(me, form.getForwardAttached()));
		}
		if (form.getForwardFrom() != null) {
			attachments.addAll(forwardedParts(me, form.getForwardFrom()));
		}
		Mailbox from = new Mailbox(me.account().displayName(), me.email());
		String html = (form.getHtml() != null && !form.getHtml().isBlank()) ? form.getHtml() : null;
		Draft draft = new Draft(from, to, cc, bcc, List.of(), form.getSubject(), form.getText(), html, attachments,
				blankToNull(form.getInReplyTo()), references(form.getReferences()), null);
		try {
			this.submissions.submitComposed(me.id(), draft, Instant.now());
		}
		catch (SubmissionRefusedException | IllegalArgumentException ex) {
			model.addAttribute("errorText", ex.getMessage());
			return page(me, form, model);
		}
		if (form.getReplyTo() != null) {
			this.messages.setAnswered(me.id(), List.of(form.getReplyTo()), true);
		}
		flash.addFlashAttribute("notice", "compose.sent");
		return "redirect:/mail";
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

	private static String join(List<Mailbox> mailboxes) {
		return mailboxes.stream().map(Mailbox::toString).collect(java.util.stream.Collectors.joining(", "));
	}

	private String page(CurrentUser me, ComposeForm form, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("maxUpload", this.properties.maxUpload().toMegabytes());
		MailController.addSidebar(me, this.mailboxes.folderSummaries(me.id()), null, model);
		return "mail/compose";
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
