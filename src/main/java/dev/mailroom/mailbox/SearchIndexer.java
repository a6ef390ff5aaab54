package dev.mailroom.mailbox;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.mailroom.mime.MimeParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills {@code message_search} in the background: every second it takes the messages
 * whose user and content have no search row yet, parses each content once and writes a
 * row per user. Delivery stays as fast as it was; new mail is searchable a second or two
 * after it arrived. While mail keeps arriving, the indexer takes only a share of a core
 * ({@code mailroom.search.share-while-receiving}) so that a flood of deliveries is not
 * slowed by indexing it; the index catches up when the flood ends.
 *
 * <p>
 * Several Mailroom instances may run it: each batch takes a transaction-level advisory
 * lock first, so instances take turns and never parse the same mail twice, and rows are
 * inserted with {@code on conflict do nothing} anyway. A message that cannot be parsed or
 * stored (hostile or malformed mail) gets a row with empty text, so it is never tried
 * again and never blocks the rest.
 *
 * <p>
 * To avoid scanning all of {@code messages} every second, a run starts above a floor: the
 * highest message id an earlier run saw when it started, once every transaction that was
 * still running then has ended and a later complete run has seen what they committed
 * (their ids may be lower). Transaction ids tell: a run's mark keeps the {@code xmax} of
 * its snapshot, and it becomes the floor after a complete run whose snapshot's
 * {@code xmin} has passed it, and at least {@link #LAG} later (an id drawn from the
 * sequence just before its transaction had an xid). A full scan from id 0 runs at
 * start-up and once an hour anyway.
 */
@Component
class SearchIndexer {

	private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

	/** Advisory lock key shared by all instances ("MRsearch"). */
	private static final long LOCK_KEY = 0x4d52736561726368L;

	static final Duration LAG = Duration.ofSeconds(10);

	private Duration lag = LAG;

	static final Duration FULL_SCAN_INTERVAL = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SearchProperties properties;

	private final MimeParser parser = new MimeParser();

	/** (time a complete run started, highest message id then), oldest first. */
	private final Deque<Mark> marks = new ArrayDeque<>();

	private long floor;

	private Instant nextFullScan = Instant.MIN;

	SearchIndexer(JdbcClient jdbc, PlatformTransactionManager transactionManager, SearchProperties properties) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${mailroom.search.index-interval:1s}",
			initialDelayString = "${mailroom.search.index-interval:1s}")
	void run() {
		if (!this.properties.indexing()) {
			return;
		}
		try {
			indexPending(true);
		}
		catch (RuntimeException ex) {
			log.warn("Search indexing failed; retrying at the next run", ex);
		}
	}

	/**
	 * Indexes every message committed before the call that has no search row yet.
	 * @return how many search rows (user and content) were written
	 */
	int indexPending() {
		return indexPending(false);
	}

	/**
	 * @param yieldToIntake pause between batches while new mail keeps arriving, so
	 * indexing takes at most {@link SearchProperties#shareWhileReceiving()} of a core
	 * away from accepting mail
	 */
	private synchronized int indexPending(boolean yieldToIntake) {
		Instant now = Instant.now();
		if (!now.isBefore(this.nextFullScan)) {
			this.floor = 0;
			this.marks.clear();
			this.nextFullScan = now.plus(FULL_SCAN_INTERVAL);
		}
		Mark start = this.jdbc.sql("""
				select coalesce((select max(id) from messages), 0) as highest,
				  pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin,
				  pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax
				""")
			.query((rs, row) -> new Mark(now, rs.getLong("highest"), rs.getLong("xmin"), rs.getLong("xmax")))
			.single();
		long highest = start.highestId();
		long after = this.floor;
		int written = 0;
		long newest = highest;
		while (true) {
			long started = System.nanoTime();
			Batch batch = indexBatch(after);
			written += batch.written();
			if (batch.messages() < this.properties.batchSize()) {
				break;
			}
			after = batch.lastMessageId();
			if (yieldToIntake) {
				long latest = newestMessageId();
				if (latest > newest) {
					pause(System.nanoTime() - started);
				}
				newest = latest;
			}
		}
		// Complete: all mail of transactions that ended before this run started is
		// indexed, so the marks of runs whose running transactions have all ended since
		// are floors.
		Instant cutoff = now.minus(this.lag);
		while (!this.marks.isEmpty() && this.marks.peekFirst().xmax() <= start.xmin()
				&& !this.marks.peekFirst().at().isAfter(cutoff)) {
			this.floor = Math.max(this.floor, this.marks.removeFirst().highestId());
		}
		this.marks.addLast(start);
		return written;
	}

	/** For tests: how old a run's mark must be before it can become the floor. */
	synchronized void lag(Duration lag) {
		this.lag = lag;
	}

	private long newestMessageId() {
		return this.jdbc.sql("select coalesce(max(id), 0) from messages").query(Long.class).single();
	}

	/** Sleeps so that a batch that took {@code busyNanos} used the configured share. */
	private void pause(long busyNanos) {
		double share = this.properties.shareWhileReceiving();
		long pause = (long) (busyNanos * (1 - share) / share);
		if (pause > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private Batch indexBatch(long after) {
		List<Pending> pending = new ArrayList<>();
		List<Row> rows = new ArrayList<>();
		int written;
		try {
			written = this.transactions.execute((status) -> {
				pending.clear();
				rows.clear();
				lock();
				pending.addAll(this.jdbc.sql("""
						select m.id, m.user_id, m.content_id from messages m
						where m.id > :after
						  and not exists (select 1 from message_search s
						    where s.content_id = m.content_id and s.user_id = m.user_id)
						order by m.id limit :limit
						""")
					.param("after", after)
					.param("limit", this.properties.batchSize())
					.query((rs, row) -> new Pending(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("content_id")))
					.list());
				Map<Long, Set<Long>> usersByContent = new LinkedHashMap<>();
				for (Pending message : pending) {
					usersByContent.computeIfAbsent(message.contentId(), (id) -> new LinkedHashSet<>())
						.add(message.userId());
				}
				for (Map.Entry<Long, Set<Long>> entry : usersByContent.entrySet()) {
					SearchDocument document = document(entry.getKey());
					for (long user : entry.getValue()) {
						rows.add(new Row(entry.getKey(), user, document));
					}
				}
				int inserted = insert(rows);
				cleanPendingList();
				return inserted;
			});
		}
		catch (DataAccessException ex) {
			log.warn("Search index batch failed ({}); storing its {} rows one by one",
					ex.getMostSpecificCause().getMessage(), rows.size());
			written = insertOneByOne(rows);
		}
		long last = pending.isEmpty() ? after : pending.get(pending.size() - 1).id();
		return new Batch(pending.size(), last, written);
	}

	private void lock() {
		this.jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", LOCK_KEY).query((rs, row) -> 1).list();
	}

	/** The document of a content; an empty one when it cannot be read or parsed. */
	private SearchDocument document(long contentId) {
		try (InputStream raw = new ChunkedContentReader(this.jdbc, contentId)) {
			return SearchDocument.of(this.parser.parse(raw), this.properties.maxBodyChars());
		}
		catch (DataAccessException ex) {
			throw ex;
		}
		catch (Exception | StackOverflowError ex) {
			log.warn("Content {} could not be parsed for search; indexed without text ({})", contentId, ex.toString());
			return SearchDocument.EMPTY;
		}
	}

	private int insert(List<Row> rows) {
		if (rows.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				insert into message_search (content_id, user_id, lexemes, pairs)
				select r.content_id, r.user_id, array_to_tsvector(string_to_array(r.lexemes, ' ')),
				  string_to_array(r.pairs, ',')::int[]
				from unnest(:contents, :users, :lexemes, :pairs) as r(content_id, user_id, lexemes, pairs)
				on conflict do nothing
				""")
			.param("contents", rows.stream().map(Row::contentId).toArray(Long[]::new))
			.param("users", rows.stream().map(Row::userId).toArray(Long[]::new))
			.param("lexemes", rows.stream().map((row) -> row.document().lexemes()).toArray(String[]::new))
			.param("pairs",
					rows.stream()
						.map((row) -> Arrays.stream(row.document().pairs())
							.map(String::valueOf)
							.collect(Collectors.joining(",")))
						.toArray(String[]::new))
			.update();
	}

	/**
	 * Moves the index entries of new rows from the GIN pending list into the index
	 * proper. Every search scans the whole pending list, and a list of a few hundred
	 * messages made a rare-word search take 700 ms instead of 2; PostgreSQL would only
	 * clean it at 4 MB or at the next vacuum.
	 */
	private void cleanPendingList() {
		this.jdbc.sql("select gin_clean_pending_list('message_search_lexemes_idx'::regclass)")
			.query((rs, row) -> 1)
			.list();
	}

	/**
	 * After a failed batch: each row in a savepoint of its own, an empty row when the row
	 * itself fails, nothing when even that fails (the message or user is gone).
	 */
	private int insertOneByOne(List<Row> rows) {
		return this.transactions.execute((status) -> {
			lock();
			int written = 0;
			for (Row row : rows) {
				int n = tryInsert(row);
				if (n < 0) {
					n = tryInsert(new Row(row.contentId(), row.userId(), SearchDocument.EMPTY));
				}
				if (n < 0) {
					log.warn("Content {} of user {} could not be indexed", row.contentId(), row.userId());
				}
				written += Math.max(n, 0);
			}
			cleanPendingList();
			return written;
		});
	}

	/**
	 * Rows written, or -1 when the insert failed and was rolled back to a savepoint (SQL
	 * savepoints: the JPA transaction manager offers none).
	 */
	private int tryInsert(Row row) {
		this.jdbc.sql("savepoint search_row").update();
		try {
			int written = insert(List.of(row));
			this.jdbc.sql("release savepoint search_row").update();
			return written;
		}
		catch (DataAccessException ex) {
			this.jdbc.sql("rollback to savepoint search_row").update();
			return -1;
		}
	}

	private record Pending(long id, long userId, long contentId) {
	}

	private record Row(long contentId, long userId, SearchDocument document) {
	}

	private record Batch(int messages, long lastMessageId, int written) {
	}

	/**
	 * Where a run started: the highest message id its snapshot saw, and the transaction
	 * ids that snapshot knew to be finished (below {@code xmin}) and not yet begun
	 * ({@code xmax} and above).
	 */
	private record Mark(Instant at, long highestId, long xmin, long xmax) {
	}

}
