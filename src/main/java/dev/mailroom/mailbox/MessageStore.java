package dev.mailroom.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import dev.mailroom.mime.Mailbox;
import dev.mailroom.mime.MessageSummary;
import dev.mailroom.mime.MimeParser;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts messages into folders and reads their raw bytes back. A delivery to many users
 * stores the raw bytes and parsed summary once ({@code message_contents}) and gives each
 * user a {@code messages} row in their INBOX pointing at it.
 */
@Service
public class MessageStore {

	private final JdbcClient jdbc;

	private final MimeParser parser;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	MessageStore(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.parser = new MimeParser();
		this.json = json;
		this.events = events;
	}

	/**
	 * Stores one message for every given user, in their INBOX, in one transaction: either
	 * every recipient has it or none does.
	 * @param raw the RFC 5322 bytes, read to the end
	 * @param userIds the local recipients (duplicates are delivered once)
	 */
	@Transactional
	public List<StoredMessage> deliver(InputStream raw, Collection<Long> userIds, Instant internalDate) {
		return deliver(storeContent(raw), userIds, internalDate);
	}

	/**
	 * Stores raw bytes and their parsed summary once, to be placed in folders with
	 * {@link #deliver(StoredContent, Collection, Instant)} or kept by
	 * {@link #hold(long, String)} in the caller's transaction; a content nobody places or
	 * holds is swept later.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public StoredContent storeContent(InputStream raw) {
		long contentId = this.jdbc.sql("insert into message_contents (size, sha256) values (0, ''::bytea) returning id")
			.query(Long.class)
			.single();
		MessageDigest sha256 = sha256();
		try (ChunkedContentWriter writer = new ChunkedContentWriter(this.jdbc, contentId)) {
			CopyingInputStream copying = new CopyingInputStream(raw, writer, sha256);
			MessageSummary summary = this.parser.summarize(copying);
			copying.drain();
			writer.close();
			saveSummary(contentId, writer.size(), sha256.digest(), summary);
			return new StoredContent(contentId, writer.size(), summary);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Places a stored content in the INBOX of every given user. */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<StoredMessage> deliver(StoredContent content, Collection<Long> userIds, Instant internalDate) {
		List<StoredMessage> stored = new ArrayList<>();
		// Folder rows are locked in id order so concurrent deliveries cannot deadlock.
		for (long folderId : inboxesInLockOrder(userIds)) {
			stored.add(place(folderId, content, internalDate));
		}
		return stored;
	}

	/**
	 * Keeps a content alive without any folder copy, until
	 * {@link #release(long, String)}: for mail waiting in the outbound queue.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void hold(long contentId, String holder) {
		this.jdbc.sql("insert into content_holds (content_id, holder) values (:id, :holder) on conflict do nothing")
			.param("id", contentId)
			.param("holder", holder)
			.update();
	}

	@Transactional
	public void release(long contentId, String holder) {
		this.jdbc.sql("delete from content_holds where content_id = :id and holder = :holder")
			.param("id", contentId)
			.param("holder", holder)
			.update();
	}

	/** The raw bytes of a stored content, for those who hold it (the outbound queue). */
	public InputStream openContent(long contentId) {
		return new ChunkedContentReader(this.jdbc, contentId);
	}

	/**
	 * The raw bytes of a message of this user, or empty when the user has no such
	 * message.
	 */
	@Transactional(readOnly = true)
	public Optional<InputStream> openRaw(long userId, long messageId) {
		return this.jdbc.sql("select content_id from messages where id = :id and user_id = :user")
			.param("id", messageId)
			.param("user", userId)
			.query(Long.class)
			.optional()
			.map((contentId) -> new ChunkedContentReader(this.jdbc, contentId));
	}

	/**
	 * Removes stored contents that no folder refers to any more (after users or messages
	 * are deleted). Only contents older than an hour, so a delivery still in progress is
	 * never hit.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	@Transactional
	public int deleteUnreferencedContents() {
		return this.jdbc.sql("""
				delete from message_contents c
				where c.created_at < now() - interval '1 hour'
				  and not exists (select 1 from messages m where m.content_id = c.id)
				  and not exists (select 1 from content_holds h where h.content_id = c.id)
				""").update();
	}

	private void saveSummary(long contentId, long size, byte[] sha256, MessageSummary summary) {
		this.jdbc.sql("""
				update message_contents set size = :size, sha256 = :sha256,
				  from_list = :from::jsonb, to_list = :to::jsonb, cc_list = :cc::jsonb, reply_to_list = :replyTo::jsonb,
				  subject = :subject, sent_date = :date, message_id = :messageId, in_reply_to = :inReplyTo,
				  references_ids = :references, preview = :preview, has_attachments = :attachments
				where id = :id
				""")
			.param("id", contentId)
			.param("size", size)
			.param("sha256", sha256)
			.param("from", addresses(summary.from()))
			.param("to", addresses(summary.to()))
			.param("cc", addresses(summary.cc()))
			.param("replyTo", addresses(summary.replyTo()))
			.param("subject", text(summary.subject()))
			.param("date", summary.date(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
			.param("messageId", text(summary.messageId()))
			.param("inReplyTo", text(summary.inReplyTo()))
			.param("references", summary.references().stream().map(MessageStore::text).toArray(String[]::new))
			.param("preview", text(summary.preview()))
			.param("attachments", summary.hasAttachments())
			.update();
	}

	private List<Long> inboxesInLockOrder(Collection<Long> userIds) {
		List<Long> folders = new ArrayList<>();
		for (long userId : new TreeSet<>(userIds)) {
			folders.add(this.jdbc.sql("select id from folders where user_id = :user and role = 'inbox'")
				.param("user", userId)
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new IllegalArgumentException("User " + userId + " has no INBOX")));
		}
		folders.sort(null);
		return folders;
	}

	private StoredMessage place(long folderId, StoredContent content, Instant internalDate) {
		// The row lock taken here is held to commit, so UIDs become visible in increasing
		// order.
		record Allocation(long userId, long uid, long modSeq) {
		}
		Allocation allocation = this.jdbc.sql("""
				update folders set uidnext = uidnext + 1, highest_modseq = highest_modseq + 1
				where id = :folder returning user_id, uidnext - 1 as uid, highest_modseq
				""")
			.param("folder", folderId)
			.query((rs, row) -> new Allocation(rs.getLong("user_id"), rs.getLong("uid"), rs.getLong("highest_modseq")))
			.single();
		long threadId = threadOf(allocation.userId(), content.summary());
		long messageId = this.jdbc.sql("""
				insert into messages (user_id, folder_id, content_id, uid, internal_date, size, modseq, thread_id)
				values (:user, :folder, :content, :uid, :date, :size, :modseq, :thread) returning id
				""")
			.param("user", allocation.userId())
			.param("folder", folderId)
			.param("content", content.id())
			.param("uid", allocation.uid())
			.param("date", OffsetDateTime.ofInstant(internalDate, java.time.ZoneOffset.UTC))
			.param("size", content.size())
			.param("modseq", allocation.modSeq())
			.param("thread", threadId)
			.query(Long.class)
			.single();
		this.events.publishEvent(new MessageStored(allocation.userId(), folderId, messageId, allocation.uid()));
		return new StoredMessage(messageId, allocation.userId(), folderId, allocation.uid(), allocation.modSeq(),
				threadId, content.id());
	}

	/**
	 * The conversation a message belongs to: that of a message of the same user it
	 * replies to or references, else a new one. (Replies that arrive before their parent
	 * start a thread of their own; merging such threads is left to a later change.)
	 */
	private long threadOf(long userId, MessageSummary summary) {
		// The newest references suffice; a hostile message may carry thousands.
		List<String> references = summary.references();
		List<String> ids = new ArrayList<>(references.subList(Math.max(0, references.size() - 50), references.size()));
		if (summary.inReplyTo() != null) {
			ids.add(summary.inReplyTo());
		}
		Optional<Long> existing = ids.isEmpty() ? Optional.empty() : this.jdbc.sql("""
				select m.thread_id from messages m join message_contents c on c.id = m.content_id
				where m.user_id = :user and c.message_id = any(:ids) order by m.id limit 1
				""").param("user", userId).param("ids", ids.toArray(String[]::new)).query(Long.class).optional();
		return existing.orElseGet(() -> this.jdbc.sql("select nextval('thread_ids')").query(Long.class).single());
	}

	private String addresses(List<Mailbox> mailboxes) {
		return this.json.writeValueAsString(mailboxes.stream()
			.map((mailbox) -> new StoredAddress(text(mailbox.name()), text(mailbox.address())))
			.toList());
	}

	record StoredAddress(String name, String address) {
	}

	/**
	 * PostgreSQL text cannot hold NUL; a hostile header must not make a delivery fail.
	 */
	private static String text(String value) {
		return (value != null) ? value.replace("\u0000", "\uFFFD") : null;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
