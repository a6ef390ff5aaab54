package dev.mailroom.web;

import java.util.Optional;

import dev.mailroom.mailbox.MailboxException;
import dev.mailroom.mailbox.MailboxService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Creating, renaming, nesting and deleting the user's own folders. */
@Controller
class FolderController {

	private final MailboxService mailboxes;

	FolderController(MailboxService mailboxes) {
		this.mailboxes = mailboxes;
	}

	@GetMapping("/mail/folders")
	String folders(CurrentUser me, Model model) {
		MailController.addSidebar(me, this.mailboxes.folderSummaries(me.id()), null, model);
		return "mail/folders";
	}

	@PostMapping("/mail/folders")
	String create(CurrentUser me, @RequestParam String name, @RequestParam Optional<Long> parent,
			RedirectAttributes flash) {
		try {
			long id = this.mailboxes.createFolder(me.id(), parent.orElse(null), name);
			flash.addFlashAttribute("notice", "folders.created");
			return "redirect:/mail/folder/" + id;
		}
		catch (MailboxException ex) {
			return failed(ex, flash);
		}
	}

	@PostMapping("/mail/folders/{id}/rename")
	String rename(CurrentUser me, @PathVariable long id, @RequestParam String name, @RequestParam Optional<Long> parent,
			RedirectAttributes flash) {
		try {
			this.mailboxes.renameFolder(me.id(), id, parent.orElse(null), name);
			flash.addFlashAttribute("notice", "folders.renamed");
		}
		catch (MailboxException ex) {
			return failed(ex, flash);
		}
		return "redirect:/mail/folders";
	}

	@PostMapping("/mail/folders/{id}/delete")
	String delete(CurrentUser me, @PathVariable long id, RedirectAttributes flash) {
		try {
			int moved = this.mailboxes.deleteFolder(me.id(), id);
			flash.addFlashAttribute("notice", "folders.deleted");
			flash.addFlashAttribute("noticeCount", moved);
		}
		catch (MailboxException ex) {
			return failed(ex, flash);
		}
		return "redirect:/mail/folders";
	}

	private static String failed(MailboxException ex, RedirectAttributes flash) {
		flash.addFlashAttribute("notice", "folders.error." + ex.reason().name().toLowerCase(java.util.Locale.ROOT));
		return "redirect:/mail/folders";
	}

}
