package dev.mailroom.api;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mailroom.mailbox.FolderSummary;
import dev.mailroom.mailbox.MailboxService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's folders with their counts. */
@RestController
@Tag(name = "Folders")
class FoldersController {

	private final MailboxService mailboxes;

	FoldersController(MailboxService mailboxes) {
		this.mailboxes = mailboxes;
	}

	record Folder(long id, @JsonProperty("parent_id") Long parentId, String name,
			@Schema(description = "inbox, sent, drafts, trash, junk, archive; null for the user's own folders",
					example = "inbox") String role,
			long unread, long total) {

		static Folder of(FolderSummary summary) {
			return new Folder(summary.id(), summary.parentId(), summary.name(),
					(summary.role() != null) ? summary.role().name().toLowerCase(Locale.ROOT) : null, summary.unread(),
					summary.total());
		}

	}

	@GetMapping("/api/v1/folders")
	@Operation(summary = "The caller's folders with unread and total counts")
	List<Folder> folders(ApiUser user) {
		return this.mailboxes.folderSummaries(user.id()).stream().map(Folder::of).toList();
	}

}
