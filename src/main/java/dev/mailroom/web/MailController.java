package dev.mailroom.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.FolderSummary;
import dev.mailroom.mailbox.MailboxException;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mailbox.MessagePage;
import dev.mailroom.mailbox.MessageSearch;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mailbox.PageCursor;
import dev.mailroom.mailbox.PageRequest;
import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MimePart;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The mailbox pages: folder lists, a message, a conversation, and the actions on selected
 * messages. Every lookup goes through the signed-in user's id, so an id of someone else's
 * message or folder is a 404 like a missing one.
 */
@Controller
class MailController {

	private final MailboxService mailboxes;

	private final MessageService messages;

	private final MessageContent contents;

	private final MessageStore store;

	private final SafeBodies bodies;

	private final UserSettingsService settings;

	private final MessageSearch search;

	MailController(MailboxService mailboxes, MessageService messages, MessageContent contents, MessageStore store,
			SafeBodies bodies, UserSettingsService settings, MessageSearch search) {
		this.search = search;
		this.mailboxes = mailboxes;
		this.messages = messages;
		this.contents = contents;
		this.store = store;
		this.bodies = bodies;
		this.settings = settings;
	}

	/**
	 * The start page: the inbox. A notice flashed for this page ("Message sent.", or
	 * after an action whose page is gone) goes on to the inbox, which shows it.
	 */
	@GetMapping({ "/", "/mail" })
	String inbox(CurrentUser me, HttpServletRequest request, RedirectAttributes flash) {
		Map<String, ?> flashed = RequestContextUtils.getInputFlashMap(request);
		if (flashed != null) {
			flashed.forEach(flash::addFlashAttribute);
		}
		return "redirect:/mail/folder/" + this.messages.folderOf(me.id(), FolderRole.INBOX);
	}

	@GetMapping("/mail/folder/{folderId}")
	String folder(CurrentUser me, @PathVariable long folderId, @RequestParam Optional<String> older,
			@RequestParam Optional<String> newer, @RequestParam Optional<String> last, Model model) {
		List<FolderSummary> folders = this.mailboxes.folderSummaries(me.id());
		FolderSummary folder = folders.stream()
			.filter((candidate) -> candidate.id() == folderId)
			.findFirst()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		MessagePage page = this.messages.list(me.id(), folderId, pageRequest(me, older, newer, last));
		model.addAttribute("folder", folder);
		model.addAttribute("page", page);
		model.addAttribute("pageBase", "/mail/folder/" + folderId);
		return listView(me, folders, folderId, model);
	}

	/**
	 * Search results, paged like a folder; the query keeps Gmail's operators
	 * ({@code from: to: subject: has:attachment is:unread is:starred in: before: after:}).
	 */
	@GetMapping("/mail/search")
	String search(CurrentUser me, @RequestParam(defaultValue = "") String q, @RequestParam Optional<String> older,
			@RequestParam Optional<String> newer, @RequestParam Optional<String> last, Model model) {
		List<FolderSummary> folders = this.mailboxes.folderSummaries(me.id());
		String query = q.strip();
		MessagePage page = query.isEmpty() ? new MessagePage(List.of(), null, null)
				: this.search.search(me.id(), query, me.zone(), pageRequest(me, older, newer, last));
		model.addAttribute("query", query);
		model.addAttribute("page", page);
		String base = "/mail/search?q=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
		model.addAttribute("pageBase", base);
		return listView(me, folders, null, model);
	}

	@GetMapping("/mail/thread/{threadId}")
	String conversation(CurrentUser me, @PathVariable long threadId, Model model) {
		List<dev.mailroom.mailbox.MessageListItem> thread = this.messages.conversation(me.id(), threadId);
		if (thread.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		this.messages.setSeen(me.id(), thread.stream().map((item) -> item.id()).toList(), true);
		model.addAttribute("thread", thread);
		model.addAttribute("subject", thread.get(0).subject());
		addSidebar(me, this.mailboxes.folderSummaries(me.id()), thread.get(thread.size() - 1).folderId(), model);
		return "mail/thread";
	}

	@GetMapping("/mail/message/{id}")
	String message(CurrentUser me, @PathVariable long id, Model model) {
		MessageDetail detail = this.messages.find(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (detail.folderRole() == FolderRole.DRAFTS) {
			// A draft opens where it can be finished.
			return "redirect:/mail/compose?draft=" + id;
		}
		MessageContent.Display display = this.contents.open(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!detail.item().seen()) {
			this.messages.setSeen(me.id(), List.of(id), true);
		}
		List<dev.mailroom.mailbox.MessageListItem> thread = this.messages.conversation(me.id(),
				detail.item().threadId());
		model.addAttribute("message", detail);
		model.addAttribute("attachments", display.attachments());
		model.addAttribute("thread", thread);
		model.addAttribute("sender", detail.item().from().isEmpty() ? null : detail.item().from().get(0));
		boolean trusted = !detail.item().from().isEmpty()
				&& this.settings.trustsImagesFrom(me.id(), detail.item().from().get(0).address());
		model.addAttribute("trusted", trusted);
		// The "images hidden" bar only for a body that had remote images to hide.
		model.addAttribute("imagesBlocked",
				!trusted && this.bodies.render(display, false, (cid) -> null).remoteImagesBlocked());
		addSidebar(me, this.mailboxes.folderSummaries(me.id()), detail.item().folderId(), model);
		return "mail/message";
	}

	/**
	 * The body alone, for the sandboxed iframe of the message page: sanitised HTML or
	 * linkified text in a document of its own with a policy that allows no script at all.
	 */
	@GetMapping(value = "/mail/message/{id}/body", produces = "text/html;charset=UTF-8")
	void body(CurrentUser me, @PathVariable long id, @RequestParam(defaultValue = "false") boolean images,
			HttpServletResponse response) throws IOException {
		MessageDetail detail = this.messages.find(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		MessageContent.Display display = this.contents.open(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		boolean allowImages = images || (!detail.item().from().isEmpty()
				&& this.settings.trustsImagesFrom(me.id(), detail.item().from().get(0).address()));
		SafeBodies.Rendered rendered = this.bodies.render(display, allowImages, (cid) -> inlineUrl(id, display, cid));
		response.setHeader("Content-Security-Policy", rendered.policy());
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cache-Control", "private, no-store");
		response.setHeader("X-Remote-Images-Blocked", Boolean.toString(rendered.remoteImagesBlocked()));
		response.setContentType("text/html;charset=UTF-8");
		response.getWriter().write(rendered.document());
	}

	private static String inlineUrl(long id, MessageContent.Display display, String cid) {
		MimePart part = display.inline().get(cid.toLowerCase(Locale.ROOT));
		return (part != null) ? "/mail/message/" + id + "/part/" + part.path() + "?inline=true" : null;
	}

	/**
	 * An attachment, always as a download (never rendered in our origin), or an inline
	 * image of the body; {@code nosniff} so a browser cannot be talked into running it.
	 */
	@GetMapping("/mail/message/{id}/part/{path}")
	void part(CurrentUser me, @PathVariable long id, @PathVariable String path,
			@RequestParam(defaultValue = "false") boolean inline, HttpServletResponse response) throws IOException {
		MessageContent.Display display = this.contents.open(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		MimePart part = find(display.parsed().body(), path);
		if (part == null || part.contentType().startsWith("multipart/")) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		boolean image = inline && SafeBodies.INLINE_IMAGE_TYPES.contains(part.contentType());
		String filename = (part.filename() != null) ? part.filename() : "part-" + path;
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
		response.setHeader("Cache-Control", "private, max-age=3600");
		if (image) {
			response.setContentType(part.contentType());
			response.setHeader("Content-Disposition", "inline");
		}
		else {
			response.setContentType(
					part.contentType().equals("message/rfc822") ? "message/rfc822" : "application/octet-stream");
			response.setHeader("Content-Disposition", dev.mailroom.mime.HttpFilenames.attachment(filename));
		}
		if (!this.contents.copyPart(me.id(), id, path, response.getOutputStream())) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	/** "Show original": the raw message as plain text, never interpreted. */
	@GetMapping("/mail/message/{id}/raw")
	void raw(CurrentUser me, @PathVariable long id, @RequestParam(defaultValue = "false") boolean download,
			HttpServletResponse response) throws IOException {
		try (java.io.InputStream raw = this.store.openRaw(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND))) {
			response.setContentType(download ? "message/rfc822" : "text/plain;charset=UTF-8");
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
			if (download) {
				response.setHeader("Content-Disposition",
						dev.mailroom.mime.HttpFilenames.attachment("message-" + id + ".eml"));
			}
			raw.transferTo(response.getOutputStream());
		}
	}

	/** Actions on the messages ticked in a list, or on the one message shown. */
	@PostMapping("/mail/actions")
	String act(CurrentUser me, @RequestParam(name = "id", required = false) List<Long> ids, @RequestParam String action,
			@RequestParam Optional<Long> target, @RequestParam(defaultValue = "/mail") String back,
			RedirectAttributes flash) {
		List<Long> selected = (ids != null) ? ids : List.of();
		if (selected.isEmpty()) {
			flash.addFlashAttribute("notice", "notice.nothing-selected");
			return "redirect:" + safeBack(back);
		}
		long user = me.id();
		String notice = switch (action) {
			case "read", "unread" -> {
				this.messages.setSeen(user, selected, action.equals("read"));
				yield action.equals("read") ? "notice.marked-read" : "notice.marked-unread";
			}
			case "star", "unstar" -> {
				this.messages.setFlagged(user, selected, action.equals("star"));
				yield action.equals("star") ? "notice.starred" : "notice.unstarred";
			}
			case "archive" -> {
				this.messages.move(user, selected, this.messages.folderOf(user, FolderRole.ARCHIVE));
				yield "notice.archived";
			}
			case "delete" -> {
				this.messages.delete(user, selected);
				yield "notice.deleted";
			}
			case "spam" -> {
				this.messages.move(user, selected, this.messages.folderOf(user, FolderRole.JUNK));
				yield "notice.reported-spam";
			}
			case "notspam" -> {
				this.messages.move(user, selected, this.messages.folderOf(user, FolderRole.INBOX));
				yield "notice.not-spam";
			}
			case "move" -> {
				this.messages.move(user, selected,
						target.orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST)));
				yield "notice.moved";
			}
			default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown action");
		};
		flash.addFlashAttribute("notice", notice);
		flash.addFlashAttribute("noticeCount", selected.size());
		// After archiving, deleting or moving the message on screen, go back to its
		// folder rather than to a message that is no longer there.
		return "redirect:" + safeBack(back);
	}

	@PostMapping("/mail/trash/empty")
	String emptyTrash(CurrentUser me, RedirectAttributes flash) {
		int removed = this.messages.emptyTrash(me.id());
		flash.addFlashAttribute("notice", "notice.trash-emptied");
		flash.addFlashAttribute("noticeCount", removed);
		return "redirect:/mail/folder/" + this.messages.folderOf(me.id(), FolderRole.TRASH);
	}

	/** Always remote images from this sender. */
	@PostMapping("/mail/message/{id}/trust-images")
	String trustImages(CurrentUser me, @PathVariable long id) {
		MessageDetail detail = this.messages.find(me.id(), id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!detail.item().from().isEmpty()) {
			this.settings.trustImagesFrom(me.id(), detail.item().from().get(0).address());
		}
		return "redirect:/mail/message/" + id;
	}

	/** Only paths of our own: a redirect target from a form must not lead elsewhere. */
	static String safeBack(String back) {
		if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")
				|| back.chars().anyMatch((c) -> c < 0x20)) {
			return "/mail";
		}
		return back;
	}

	private PageRequest pageRequest(CurrentUser me, Optional<String> older, Optional<String> newer,
			Optional<String> last) {
		int size = me.settings().pageSize();
		try {
			if (older.isPresent()) {
				return new PageRequest(PageRequest.Direction.OLDER, PageCursor.parse(older.get()), size);
			}
			if (newer.isPresent()) {
				return new PageRequest(PageRequest.Direction.NEWER, PageCursor.parse(newer.get()), size);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Bad page cursor");
		}
		return last.isPresent() ? new PageRequest(PageRequest.Direction.LAST, null, size) : PageRequest.first(size);
	}

	String listView(CurrentUser me, List<FolderSummary> folders, Long currentFolder, Model model) {
		addSidebar(me, folders, currentFolder, model);
		return "mail/list";
	}

	static void addSidebar(CurrentUser me, List<FolderSummary> folders, Long currentFolder, Model model) {
		model.addAttribute("sidebar", FolderTree.flatten(folders));
		model.addAttribute("currentFolder", currentFolder);
		model.addAttribute("inboxUnread",
				folders.stream()
					.filter((folder) -> folder.role() == FolderRole.INBOX)
					.mapToLong(FolderSummary::unread)
					.sum());
		model.addAttribute("zone", me.zone());
		model.addAttribute("me", me.account());
		model.addAttribute("roles", FolderRole.values());
	}

	private static MimePart find(MimePart part, String path) {
		if (path.equals(part.path())) {
			return part;
		}
		for (MimePart child : part.children()) {
			MimePart found = find(child, path);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	static String display(Mailbox mailbox) {
		return (mailbox.name() != null && !mailbox.name().isBlank()) ? mailbox.name() : mailbox.address();
	}

	@org.springframework.web.bind.annotation.ExceptionHandler(MailboxException.class)
	String mailboxError(MailboxException ex, RedirectAttributes flash, Model model, HttpServletResponse response) {
		if (ex.reason() == MailboxException.Reason.NOT_FOUND) {
			// Another user's folder or message is as missing as one that never was.
			response.setStatus(HttpStatus.NOT_FOUND.value());
			model.addAttribute("status", HttpStatus.NOT_FOUND.value());
			return "error";
		}
		flash.addFlashAttribute("error", ex.getMessage());
		return "redirect:/mail";
	}

}
