package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import dev.mailroom.mailbox.MessageStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The durable outbound queue and its workers. Each poll claims due recipients with
 * {@code FOR UPDATE SKIP LOCKED} (so several Mailroom instances on one database never
 * deliver the same recipient twice in normal operation), leases them, delivers the
 * recipients of one message at one domain in one SMTP transaction, and records a result
 * per recipient: delivered, deferred with a backoff, or bounced. A process killed
 * mid-delivery leaves rows whose lease runs out, and they are tried again
 * (at-least-once).
 */
@Service
public class OutboundQueue implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);

	private final DeliveryProperties properties;

	private final JdbcClient jdbc;

	private final MessageStore store;

	private final SubmissionService submissions;

	private final DkimKeys dkim;

	private final String hostname;

	private final Router router;

	private final OutboundSender sender;

	private final Clock clock;

	private final ExecutorService workers;

	private final Map<String, Semaphore> destinations = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	private final java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();

	private org.springframework.context.ApplicationEventPublisher events;

	@Autowired
	OutboundQueue(DeliveryProperties properties, JdbcClient jdbc, MessageStore store, SubmissionService submissions,
			DkimKeys dkim, ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters, LocalHostName hostname,
			org.springframework.context.ApplicationEventPublisher events) {
		this(properties, jdbc, store, submissions, dkim, clock.getIfAvailable(Clock::systemUTC),
				meters.getIfAvailable(), hostname.name());
		this.events = events;
	}

	OutboundQueue(DeliveryProperties properties, JdbcClient jdbc, MessageStore store, SubmissionService submissions,
			DkimKeys dkim, Clock clock, MeterRegistry meters, String hostname) {
		this.properties = properties;
		this.dkim = dkim;
		this.jdbc = jdbc;
		this.store = store;
		this.submissions = submissions;
		this.hostname = hostname;
		this.router = new Router(properties);
		this.sender = new OutboundSender(properties, hostname);
		this.clock = clock;
		this.workers = Executors.newFixedThreadPool(Math.max(2, properties.maxConnectionsPerDestination() * 2),
				(runnable) -> {
					Thread thread = new Thread(runnable, "outbound");
					thread.setDaemon(true);
					return thread;
				});
		this.meters = meters;
		if (this.meters != null) {
			Gauge.builder("mailroom.delivery.queue", this, OutboundQueue::pending)
				.description("Remote recipients not yet delivered or bounced")
				.register(this.meters);
		}
	}

	DeliveryProperties properties() {
		return this.properties;
	}

	/** Each remote recipient of a stored message, with where it stands. */
	public List<RecipientStatus> statusOf(long contentId) {
		return this.jdbc.sql("""
				select recipient, state, attempts, last_reply, next_attempt_at, delivered_at
				from outbound_queue where content_id = :content order by id
				""")
			.param("content", contentId)
			.query((rs, row) -> new RecipientStatus(rs.getString("recipient"), rs.getString("state"),
					rs.getInt("attempts"), rs.getString("last_reply"), instant(rs.getTimestamp("next_attempt_at")),
					instant(rs.getTimestamp("delivered_at"))))
			.list();
	}

	/**
	 * New mail was queued: deliver now rather than at the next poll. One run at a time; a
	 * wake-up during a run asks for one more.
	 */
	@EventListener
	void onQueued(MailQueued event) {
		if (!this.properties.enabled()) {
			return;
		}
		if (this.wakeUps.getAndIncrement() == 0) {
			this.workers.execute(() -> {
				do {
					this.wakeUps.set(1);
					poll();
				}
				while (this.wakeUps.decrementAndGet() > 0);
			});
		}
	}

	@Scheduled(fixedDelayString = "${mailroom.delivery.poll-interval:5s}",
			initialDelayString = "${mailroom.delivery.poll-interval:5s}")
	void poll() {
		if (this.properties.enabled()) {
			try {
				// A full batch means more is waiting: go on without sleeping.
				while (deliverDue() >= this.properties.batchSize()) {
					// next batch
				}
			}
			catch (RuntimeException ex) {
				log.warn("Outbound delivery run failed; retrying at the next poll", ex);
			}
		}
	}

	/**
	 * Claims and delivers what is due now; returns how many recipients were attempted.
	 */
	int deliverDue() {
		Instant now = now();
		List<Claimed> claimed = claim(now);
		// By destination, then by message: one SMTP transaction per message and domain.
		Map<String, Map<String, List<Claimed>>> byDomain = new LinkedHashMap<>();
		for (Claimed row : claimed) {
			byDomain.computeIfAbsent(row.domain(), (domain) -> new LinkedHashMap<>())
				.computeIfAbsent(row.contentId() + "\u0000" + row.sender(), (key) -> new ArrayList<>())
				.add(row);
		}
		List<Future<?>> running = new ArrayList<>();
		for (Map.Entry<String, Map<String, List<Claimed>>> destination : byDomain.entrySet()) {
			// Messages share connections, at most the per-destination limit of
			// them at once.
			List<List<Claimed>> messages = new ArrayList<>(destination.getValue().values());
			int connections = Math.min(this.properties.maxConnectionsPerDestination(), messages.size());
			for (int c = 0; c < connections; c++) {
				List<List<Claimed>> share = new ArrayList<>();
				for (int i = c; i < messages.size(); i += connections) {
					share.add(messages.get(i));
				}
				running.add(this.workers.submit(() -> deliverOverOneConnection(destination.getKey(), share)));
			}
		}
		for (Future<?> future : running) {
			try {
				future.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				log.warn("Delivery attempt failed", ex.getCause());
			}
		}
		return claimed.size();
	}

	/** A claimed recipient; {@code lease} is the lease this worker holds on it. */
	private record Claimed(long id, long contentId, String sender, String recipient, String domain, int attempts,
			Instant createdAt, Instant lease, Long submittedBy, String messageId) {
	}

	private List<Claimed> claim(Instant now) {
		Instant lease = now.plus(this.properties.lease());
		return this.jdbc.sql("""
				update outbound_queue q set state = 'delivering', attempts = q.attempts + 1,
				  locked_until = :leaseUntil, last_attempt_at = :now, updated_at = :now
				where q.id in (
				  select id from outbound_queue
				  where (state in ('queued', 'deferred') and next_attempt_at <= :now)
				     or (state = 'delivering' and locked_until < :now)
				  order by next_attempt_at, id
				  limit :limit
				  for update skip locked)
				returning q.id, q.content_id, q.sender, q.recipient, q.domain, q.attempts, q.created_at, q.submitted_by,
				  (select c.message_id from message_contents c where c.id = q.content_id) as message_id
				""")
			.param("now", utc(now))
			.param("leaseUntil", utc(lease))
			.param("limit", this.properties.batchSize())
			.query((rs, row) -> new Claimed(rs.getLong("id"), rs.getLong("content_id"), rs.getString("sender"),
					rs.getString("recipient"), rs.getString("domain"), rs.getInt("attempts"),
					rs.getTimestamp("created_at").toInstant(), lease, rs.getObject("submitted_by", Long.class),
					rs.getString("message_id")))
			.list();
	}

	private void deliverOverOneConnection(String domain, List<List<Claimed>> messages) {
		List<Map<String, OutboundSender.Outcome>> outcomes;
		Semaphore slots = this.destinations.computeIfAbsent(domain,
				(d) -> new Semaphore(this.properties.maxConnectionsPerDestination()));
		slots.acquireUninterruptibly();
		try {
			NextHop hop = this.router.route(domain);
			List<OutboundSender.Transaction> transactions = messages.stream()
				.map((rows) -> new OutboundSender.Transaction(rows.get(0).sender(),
						rows.stream().map(Claimed::recipient).toList(), () -> signed(rows.get(0))))
				.toList();
			outcomes = this.sender.send(hop, this.properties.tlsRequiredFor(domain), transactions);
		}
		catch (RoutingException ex) {
			OutboundSender.Outcome outcome = new OutboundSender.Outcome(
					ex.isPermanent() ? OutboundSender.Outcome.Kind.PERMANENT : OutboundSender.Outcome.Kind.TEMPORARY,
					ex.getMessage());
			outcomes = messages.stream().map((rows) -> {
				Map<String, OutboundSender.Outcome> all = new LinkedHashMap<>();
				rows.forEach((row) -> all.put(row.recipient(), outcome));
				return all;
			}).toList();
		}
		finally {
			slots.release();
		}
		recordAll(messages, outcomes);
	}

	/**
	 * Records every recipient's result of one connection's messages in one statement,
	 * bounces what failed for good, and lets go of contents no recipient waits for any
	 * more.
	 */
	private void recordAll(List<List<Claimed>> messages, List<Map<String, OutboundSender.Outcome>> outcomes) {
		Instant now = now();
		Map<Long, Result> results = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			for (Claimed row : messages.get(i)) {
				OutboundSender.Outcome outcome = Optional.ofNullable(outcomes.get(i).get(row.recipient()))
					.orElse(new OutboundSender.Outcome(OutboundSender.Outcome.Kind.TEMPORARY,
							"No result from the server"));
				results.put(row.id(), result(row, outcome, now));
			}
		}
		// Only rows still under this worker's lease: if it ran out, another
		// worker has claimed them and its result is the one that counts.
		java.util.Set<Long> recorded = new java.util.HashSet<>(this.jdbc
			.sql("""
					update outbound_queue q set state = u.state, last_reply = u.reply, locked_until = null, updated_at = :now,
					  next_attempt_at = coalesce(u.next::timestamptz, q.next_attempt_at),
					  delivered_at = case when u.state = 'delivered' then :now else q.delivered_at end
					from unnest(:ids, :states, :replies, :nexts) as u(id, state, reply, next)
					where q.id = u.id and q.state = 'delivering' and q.locked_until = :lease
					returning q.id
					""")
			.param("ids", results.keySet().toArray(Long[]::new))
			.param("states", results.values().stream().map(Result::state).toArray(String[]::new))
			.param("replies", results.values().stream().map(Result::reply).toArray(String[]::new))
			.param("nexts",
					results.values()
						.stream()
						.map((r) -> (r.next() != null) ? utc(r.next()).toString() : null)
						.toArray(String[]::new))
			.param("now", utc(now))
			.param("lease", utc(messages.get(0).get(0).lease()))
			.query(Long.class)
			.list());
		for (List<Claimed> rows : messages) {
			List<BounceReport.Failure> bounced = new ArrayList<>();
			for (Claimed row : rows) {
				Result result = results.get(row.id());
				if (!recorded.contains(row.id())) {
					log.warn("Outbound {} to <{}>: lease lost, result {} not recorded", row.contentId(),
							row.recipient(), result.state());
					continue;
				}
				log.info("Outbound {} to <{}>: {} ({})", row.contentId(), row.recipient(), result.state(),
						result.reply());
				if (this.meters != null) {
					this.meters.counter("mailroom.delivery.outcomes", "outcome", result.state()).increment();
				}
				publish(new RecipientOutcome(row.contentId(), row.messageId(), row.submittedBy(), row.recipient(),
						result.state(), result.reply(), row.attempts(), result.next()));
				if (result.state().equals("bounced")) {
					bounced.add(new BounceReport.Failure(row.recipient(), result.reply(), null));
				}
			}
			if (!bounced.isEmpty()) {
				bounce(rows.get(0), bounced, now);
			}
		}
		releaseDone(messages.stream().map((rows) -> rows.get(0).contentId()).distinct().toList());
	}

	private record Result(String state, String reply, Instant next) {
	}

	/** Tells listeners (webhooks); their failure never undoes a recorded result. */
	private void publish(RecipientOutcome outcome) {
		if (this.events == null) {
			return;
		}
		try {
			this.events.publishEvent(outcome);
		}
		catch (RuntimeException ex) {
			log.warn("A listener failed on the outcome for <{}>", outcome.recipient(), ex);
		}
	}

	private Result result(Claimed row, OutboundSender.Outcome outcome, Instant now) {
		return switch (outcome.kind()) {
			case DELIVERED -> new Result("delivered", outcome.reply(), null);
			case PERMANENT -> new Result("bounced", outcome.reply(), null);
			case TEMPORARY -> row.createdAt().plus(this.properties.maxAge()).isAfter(now)
					? new Result("deferred", outcome.reply(), now.plus(this.properties.retryAfter(row.attempts())))
					: new Result("bounced", "Gave up after " + this.properties.maxAge().toDays() + " days; last reply: "
							+ outcome.reply(), null);
		};
	}

	/** Lets go of the contents whose every queued recipient is delivered or bounced. */
	private void releaseDone(List<Long> contentIds) {
		List<Long> done = this.jdbc.sql("""
				select c.id from unnest(:contents) as c(id)
				where not exists (select 1 from outbound_queue q where q.content_id = c.id
				  and q.state not in ('delivered', 'bounced'))
				""").param("contents", contentIds.toArray(Long[]::new)).query(Long.class).list();
		if (!done.isEmpty()) {
			this.store.release(done, SubmissionService.OUTBOUND_HOLDER);
		}
	}

	/**
	 * The message as it leaves: without our Return-Path line, and signed with DKIM when
	 * its sender's domain is one of ours (normally it was signed at submission already;
	 * only very large messages are signed here, at each attempt).
	 */
	private byte[] signed(Claimed row) {
		byte[] raw = withoutReturnPath(row.contentId());
		if (row.sender().isEmpty() || !this.properties.dkimSigning()) {
			return raw;
		}
		String domain = row.sender().substring(row.sender().lastIndexOf('@') + 1);
		if (DkimSigner.isSignedBy(raw, domain)) {
			return raw;
		}
		return this.dkim.signingKey(domain)
			.map((key) -> DkimSigner.sign(raw, domain, DkimKeys.SELECTOR, key, now()))
			.orElse(raw);
	}

	/**
	 * Tells the sender, with a delivery status notification to their envelope address.
	 * Never for mail with the null sender: that is a bounce already, and bouncing it
	 * could loop forever (RFC 5321 section 4.5.5).
	 */
	private void bounce(Claimed first, List<BounceReport.Failure> failures, Instant now) {
		if (first.sender().isEmpty()) {
			log.info("Not bouncing message {}: its sender is the null sender", first.contentId());
			return;
		}
		byte[] original = withoutReturnPath(first.contentId());
		String headers = new String(original, 0, RawMessage.headerEnd(original), StandardCharsets.UTF_8);
		byte[] report = BounceReport.build(this.hostname, first.sender(), first.createdAt(), now, failures, headers);
		// The trace header a local delivery carries (stripped again should the
		// report travel on).
		byte[] returnPath = "Return-Path: <>\r\n".getBytes(StandardCharsets.US_ASCII);
		this.submissions.submit(new Envelope("", List.of(first.sender()), null),
				new java.io.SequenceInputStream(new ByteArrayInputStream(returnPath), new ByteArrayInputStream(report)),
				now);
	}

	/**
	 * The stored message without the Return-Path line this server added on receipt: that
	 * header belongs to final delivery (RFC 5321 section 4.4), not to mail relayed
	 * onwards.
	 */
	private byte[] withoutReturnPath(long contentId) {
		try (InputStream in = this.store.openContent(contentId)) {
			byte[] raw = in.readAllBytes();
			int returnPath = RawMessage.returnPathLength(raw);
			if (returnPath > 0) {
				return java.util.Arrays.copyOfRange(raw, returnPath, raw.length);
			}
			return raw;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private long pending() {
		return this.jdbc.sql("select count(*) from outbound_queue where state not in ('delivered', 'bounced')")
			.query(Long.class)
			.single();
	}

	@Override
	public void destroy() {
		this.workers.shutdownNow();
	}

	/**
	 * PostgreSQL keeps microseconds; truncating here makes the times we write the times
	 * we read.
	 */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
