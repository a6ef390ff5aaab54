package dev.mailroom.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.FolderSummary;
import dev.mailroom.mailbox.MailboxChanged;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageStored;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes unread counts to the open webmail pages of a user when mail arrives or the
 * mailbox changes elsewhere (another tab, IMAP), as server-sent events. The delivery
 * thread only notes which users to tell; the counting and sending happen on a thread of
 * their own, so an open browser never slows delivery down.
 */
@Component
class LiveUpdates {

	private static final long TIMEOUT_MS = 30 * 60 * 1000L;

	private final MailboxService mailboxes;

	private final Map<Long, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

	// Users with news and the folders that got new mail, coalesced until the sender
	// thread gets to them.
	private final Map<Long, Set<Long>> pending = new ConcurrentHashMap<>();

	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "webmail-live-updates");
		thread.setDaemon(true);
		return thread;
	});

	LiveUpdates(MailboxService mailboxes) {
		this.mailboxes = mailboxes;
	}

	SseEmitter subscribe(long userId) {
		SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
		List<SseEmitter> list = this.emitters.computeIfAbsent(userId, (id) -> new CopyOnWriteArrayList<>());
		list.add(emitter);
		Runnable remove = () -> list.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		// The counts as they are now, first: the page learns of mail that came after it
		// was rendered, and the stream opens at once rather than with the first news.
		note(userId, null);
		return emitter;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onStored(MessageStored event) {
		note(event.userId(), event.folderId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onChanged(MailboxChanged event) {
		note(event.userId(), null);
	}

	private void note(long userId, Long newMailFolder) {
		List<SseEmitter> listening = this.emitters.get(userId);
		if (listening == null || listening.isEmpty()) {
			return;
		}
		boolean first = this.pending.get(userId) == null;
		Set<Long> folders = this.pending.computeIfAbsent(userId, (id) -> ConcurrentHashMap.newKeySet());
		if (newMailFolder != null) {
			folders.add(newMailFolder);
		}
		if (first) {
			this.sender.execute(() -> send(userId));
		}
	}

	private void send(long userId) {
		Set<Long> newMail = this.pending.remove(userId);
		List<SseEmitter> listening = this.emitters.get(userId);
		if (newMail == null || listening == null || listening.isEmpty()) {
			return;
		}
		Map<String, Object> counts = counts(this.mailboxes.folderSummaries(userId));
		counts.put("newMail", newMail);
		for (SseEmitter emitter : listening) {
			try {
				emitter.send(SseEmitter.event().name("counts").data(counts, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				listening.remove(emitter);
			}
		}
	}

	/** Unread counts per folder and of the INBOX, as the page script reads them. */
	static Map<String, Object> counts(List<FolderSummary> folders) {
		Map<Long, Long> unread = new LinkedHashMap<>();
		long inbox = 0;
		for (FolderSummary folder : folders) {
			unread.put(folder.id(), folder.unread());
			if (folder.role() == FolderRole.INBOX) {
				inbox = folder.unread();
			}
		}
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("unread", unread);
		counts.put("inboxUnread", inbox);
		return counts;
	}

	/**
	 * Ends the open streams when shutdown begins, before the web server waits for its
	 * requests to finish: an open webmail tab would otherwise hold a graceful shutdown
	 * for its whole grace period.
	 */
	@EventListener(ContextClosedEvent.class)
	void closing() {
		this.emitters.values().forEach((list) -> list.forEach(SseEmitter::complete));
	}

	@PreDestroy
	void stop() {
		this.sender.shutdownNow();
		this.emitters.values().forEach((list) -> list.forEach(SseEmitter::complete));
	}

}
