package dev.mailroom.web;

import java.util.Map;

import dev.mailroom.mailbox.MailboxService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live-update stream of the mailbox pages and its polling fallback. */
@RestController
class LiveController {

	private final LiveUpdates updates;

	private final MailboxService mailboxes;

	LiveController(LiveUpdates updates, MailboxService mailboxes) {
		this.updates = updates;
		this.mailboxes = mailboxes;
	}

	@GetMapping(value = "/mail/events", produces = "text/event-stream")
	SseEmitter events(CurrentUser me) {
		return this.updates.subscribe(me.id());
	}

	@GetMapping("/mail/counts")
	Map<String, Object> counts(CurrentUser me) {
		return LiveUpdates.counts(this.mailboxes.folderSummaries(me.id()));
	}

}
