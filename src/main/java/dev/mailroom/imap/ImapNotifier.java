package dev.mailroom.imap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import dev.mailroom.mailbox.MailboxChanged;
import dev.mailroom.mailbox.MessageStored;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Wakes the IMAP sessions of a user when their mail changes: new deliveries
 * ({@link MessageStored}) and changes made elsewhere ({@link MailboxChanged}: the
 * webmail, the API, other IMAP sessions). The publishing thread only marks sessions; an
 * idling session reads the database and writes to its client on a thread of the push
 * pool, so a slow client never holds up a delivery. Idling sessions also look every
 * {@code idle-poll}, for changes made by another Mailroom instance.
 */
@Component
class ImapNotifier {

	private final ConcurrentHashMap<Long, Set<ImapSession>> sessions = new ConcurrentHashMap<>();

	private final ExecutorService pushes;

	private final ScheduledExecutorService poller;

	ImapNotifier(ImapProperties properties) {
		AtomicInteger count = new AtomicInteger();
		this.pushes = (Runtime.version().feature() >= 21) ? virtualThreads() : Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "imap-push-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "imap-idle-poll");
			thread.setDaemon(true);
			return thread;
		});
		long poll = Math.max(1000, properties.idlePoll().toMillis());
		this.poller.scheduleWithFixedDelay(this::pollIdling, poll, poll, TimeUnit.MILLISECONDS);
	}

	private static ExecutorService virtualThreads() {
		// Java 21 API called reflectively: the code is compiled for Java 17.
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return Executors.newCachedThreadPool();
		}
	}

	Executor pushes() {
		return this.pushes;
	}

	void register(ImapSession session) {
		this.sessions.computeIfAbsent(session.userId(), (id) -> ConcurrentHashMap.newKeySet()).add(session);
	}

	void unregister(ImapSession session) {
		this.sessions.computeIfPresent(session.userId(), (id, set) -> {
			set.remove(session);
			return set.isEmpty() ? null : set;
		});
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onStored(MessageStored event) {
		wake(event.userId());
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onChanged(MailboxChanged event) {
		wake(event.userId());
	}

	private void wake(long userId) {
		Set<ImapSession> listening = this.sessions.get(userId);
		if (listening != null) {
			listening.forEach(ImapSession::wake);
		}
	}

	private void pollIdling() {
		this.sessions.values().forEach((set) -> set.forEach(ImapSession::wake));
	}

	@PreDestroy
	void shutdown() {
		this.poller.shutdownNow();
		this.pushes.shutdownNow();
	}

}
