package dev.mailroom.mailbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Numbers pending messages, in batches: callers that arrive while a batch is being
 * numbered form the next batch, and one of them numbers it for all (group commit, as
 * databases do for their log). Under load one transaction and one fsync cover many
 * deliveries. Across Mailroom instances the folder row locks, taken in id order, keep
 * assigners of one folder apart.
 */
final class UidAssigner {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final GroupCommit<Set<Long>, Map<Long, StoredMessage>> batches;

	UidAssigner(JdbcClient jdbc, PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		// A batch numbers other callers' messages too: its own transaction,
		// never the caller's.
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.events = events;
		this.batches = new GroupCommit<>(this::numberBatch);
	}

	/**
	 * Returns once every message pending in these folders when this was called has its
	 * UID.
	 * @return the messages this call's batch numbered, by id (others may have been
	 * numbered by another caller or instance)
	 */
	Map<Long, StoredMessage> assign(Set<Long> folders) {
		return folders.isEmpty() ? Map.of() : this.batches.submit(folders);
	}

	private List<Map<Long, StoredMessage>> numberBatch(List<Set<Long>> requests) {
		Set<Long> folders = new TreeSet<>();
		requests.forEach(folders::addAll);
		Map<Long, StoredMessage> numbered = new HashMap<>();
		number(folders).forEach((message) -> numbered.put(message.id(), message));
		return requests.stream().map((request) -> numbered).toList();
	}

	private List<StoredMessage> number(Set<Long> folders) {
		List<StoredMessage> numbered = this.transactions.execute((status) -> {
			// Folder rows locked in id order, as BatchedDelivery does, so assigners and
			// batches (in this instance or another) cannot deadlock.
			this.jdbc.sql("select id from folders where id = any(:folders) order by id for no key update")
				.param("folders", folders.toArray(Long[]::new))
				.query(Long.class)
				.list();
			// A new statement takes a new snapshot: it sees what earlier lock
			// holders committed.
			return this.jdbc.sql("""
					with p as (
					  select id, folder_id, row_number() over (partition by folder_id order by id) as n,
					    count(*) over (partition by folder_id) as total
					  from messages where folder_id = any(:folders) and uid is null),
					t as (select folder_id, max(total) as total from p group by folder_id),
					f as (
					  update folders fo set uidnext = fo.uidnext + t.total, highest_modseq = fo.highest_modseq + 1
					  from t where fo.id = t.folder_id
					  returning fo.id, fo.uidnext - t.total as base, fo.highest_modseq),
					u as (
					  update messages m set uid = f.base + p.n - 1, modseq = f.highest_modseq
					  from p join f on f.id = p.folder_id where m.id = p.id
					  returning m.id, m.user_id, m.folder_id, m.uid, m.modseq, m.thread_id, m.content_id)
					select * from u order by folder_id, uid
					""").param("folders", folders.toArray(Long[]::new)).query(StoredMessage::fromRow).list();
		});
		List<StoredMessage> result = (numbered != null) ? numbered : new ArrayList<>();
		// After the commit: listeners that tell clients (IMAP IDLE) only ever
		// see numbered mail.
		result.forEach((message) -> this.events
			.publishEvent(new MessageStored(message.userId(), message.folderId(), message.id(), message.uid())));
		return result;
	}

}
