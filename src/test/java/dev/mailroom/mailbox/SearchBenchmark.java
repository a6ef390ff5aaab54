package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.mailroom.account.AccountService;
import dev.mailroom.mime.MimeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search benchmark, run by hand through {@code bench/search.sh} (not part of verify: the
 * class name matches none of Surefire's default patterns, and it needs
 * {@code -Dmailroom.bench.search=true}).
 *
 * <p>
 * Fills one mailbox with {@code bench.messages} generated messages (English and Korean,
 * plain, HTML, EUC-KR, attachments, 2-10 KB) through {@link MessageStore#deliver} from
 * several threads (no SMTP), spreads them over folders and flags with SQL, runs the
 * indexer to completion, then times representative searches through
 * {@link MessageSearch#search} (first page of 50) and the same statements with index
 * scans turned off as the peer.
 */
@SpringBootTest(properties = { "mailroom.search.indexing=false", "mailroom.smtp.port=-1",
		"mailroom.smtp.submission-port=-1", "mailroom.smtp.smtps-port=-1" })
@EnabledIfSystemProperty(named = "mailroom.bench.search", matches = "true")
class SearchBenchmark {

	private static final ZoneId ZONE = ZoneOffset.UTC;

	private static final int PAGE = 50;

	@Autowired
	MessageStore store;

	@Autowired
	MessageSearch search;

	@Autowired
	SearchIndexer indexer;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	SearchProperties searchProperties;

	private final StringBuilder report = new StringBuilder();

	@Test
	void search() throws Exception {
		int messages = Integer.getInteger("bench.messages", 100_000);
		int runs = Integer.getInteger("bench.runs", 20);
		int peerRuns = Integer.getInteger("bench.peer-runs", 3);
		int threads = Integer.getInteger("bench.threads", 8);
		boolean explain = Boolean.getBoolean("bench.explain");
		Path out = Path.of(System.getProperty("bench.report", "target/search-benchmark.txt"));

		long user = this.accounts.createUser("bench@localhost", "bench-password", null, false).id();
		// Another user with a little mail of the same kind: searches must never see it.
		long other = this.accounts.createUser("other@localhost", "other-password", null, false).id();
		line("PostgreSQL %s; shared_buffers %s, work_mem %s, effective_cache_size %s", setting("server_version"),
				setting("shared_buffers"), setting("work_mem"), setting("effective_cache_size"));

		Generator generator = new Generator(42, messages);
		long t0 = System.nanoTime();
		deliver(generator, user, messages, threads);
		deliver(new Generator(7, 2_000), other, 2_000, threads);
		double loadSeconds = seconds(t0);
		distribute(user);
		line("loaded %,d messages for bench@localhost (+2,000 for another user) in %.1f s (%.0f msg/s, %d threads, MessageStore.deliver)",
				messages, loadSeconds, (messages + 2_000) / loadSeconds, threads);

		t0 = System.nanoTime();
		int indexed = 0;
		int n;
		while ((n = this.indexer.indexPending()) > 0) {
			indexed += n;
		}
		double indexSeconds = seconds(t0);
		line("indexed %,d messages in %.1f s (%.0f msg/s, one indexer thread, batches of %d)", indexed, indexSeconds,
				indexed / indexSeconds, this.searchProperties.batchSize());
		this.jdbc.sql("vacuum analyze").update();
		line("sizes: raw messages %s; message_search %s (heap and TOAST) + GIN index %s",
				size("pg_total_relation_size('message_chunks')"), size("pg_table_size('message_search')"),
				size("pg_relation_size('message_search_lexemes_idx')"));
		line("folders: %s", this.jdbc.sql("""
				select string_agg(coalesce(f.role, f.name) || ' ' || n, ', ' order by n desc) from
				  (select folder_id, count(*) n from messages where user_id = :user group by folder_id) x
				  join folders f on f.id = x.folder_id
				""").param("user", user).query(String.class).single());

		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("free text, English, common", "meeting");
		queries.put("free text, English, rare", generator.rareEnglish);
		queries.put("free text, Korean, common", "회의");
		queries.put("free text, Korean, 3 syllables", "보고서");
		queries.put("free text, Korean with particle", "보고서를");
		queries.put("free text, Korean, rare", generator.rareKorean);
		queries.put("phrase", "\"quarterly report\"");
		queries.put("from:, frequent sender", "from:" + generator.frequentSender);
		queries.put("from:, rare address", "from:" + generator.rareSender);
		queries.put("subject:, common word", "subject:invoice");
		queries.put("subject:, rare word", "subject:" + generator.rareSubject);
		queries.put("has:attachment is:unread", "has:attachment is:unread");
		queries.put("in:work and text", "in:work budget");
		queries.put("before: and text", "before:2024-06-01 회의");
		queries.put("matches nothing", "xyzzyplugh");

		line("");
		line("%d timed runs per query after 2 warm-up runs (peer: %d runs); milliseconds per search, first page of %d",
				runs, peerRuns, PAGE);
		line("%-34s %-38s %8s %8s %8s %8s %10s %8s", "query", "text", "matches", "median", "p95", "max", "peer med",
				"ratio");
		List<Double> medians = new ArrayList<>();
		for (Map.Entry<String, String> query : queries.entrySet()) {
			String q = query.getValue();
			long matches = count(user, q);
			List<MessageListItem> first = this.search.search(user, q, ZONE, PageRequest.first(PAGE)).items();
			if (first.size() != Math.min(PAGE, matches)) {
				throw new IllegalStateException(q + ": first page has " + first.size() + " of " + matches);
			}
			time(() -> this.search.search(user, q, ZONE, PageRequest.first(PAGE)), 2);
			double[] ours = time(() -> this.search.search(user, q, ZONE, PageRequest.first(PAGE)), runs);
			double[] peer = time(() -> peer(user, q), peerRuns);
			double median = percentile(ours, 50);
			medians.add(median);
			line("%-34s %-38s %,8d %8.1f %8.1f %8.1f %10.1f %7.0fx", query.getKey(), q, matches, median,
					percentile(ours, 95), ours[ours.length - 1], percentile(peer, 50), percentile(peer, 50) / median);
			if (explain) {
				line("%s", explain(user, q, false));
			}
		}
		phrasePrecision(user, generator, messages, "quarterly", "report");
		double worst = medians.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		line("");
		line("slowest median %.1f ms: target < 200 ms %s", worst, (worst < 200) ? "MET" : "NOT MET");
		line("peer: the same statement with enable_bitmapscan, enable_indexscan and enable_indexonlyscan off"
				+ " (sequential scans; ratio = peer median / Mailroom median)");
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, this.report);
		System.out.println("\n==== search benchmark ====\n" + this.report);
	}

	/**
	 * How many messages the phrase search finds in all folders against how many really
	 * have the two words side by side (regenerated and parsed here): pair keys share hash
	 * buckets, so a few messages with both words apart are found too.
	 */
	private void phrasePrecision(long user, Generator generator, int messages, String first, String second) {
		MimeParser parser = new MimeParser();
		int truth = 0;
		for (int i = 0; i < messages; i++) {
			SearchDocument document = SearchDocument
				.of(parser.parse(new ByteArrayInputStream(generator.message(i).raw())), 65536);
			for (String text : List.of(document.subject(), document.sender(), document.body())) {
				List<String> runs = SearchText.runs(text);
				boolean found = false;
				for (int r = 0; r + 1 < runs.size() && !found; r++) {
					found = runs.get(r).equals(first) && runs.get(r + 1).equals(second);
				}
				if (found) {
					truth++;
					break;
				}
			}
		}
		long found = count(user, "\"" + first + " " + second + "\" in:anywhere");
		line("phrase \"%s %s\" in all folders: %d found, %d really there (%d false matches from shared pair buckets)",
				first, second, found, truth, found - truth);
	}

	private void deliver(Generator generator, long user, int count, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		AtomicInteger next = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(pool.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < count) {
					Generator.Message message = generator.message(i);
					this.store.deliver(new ByteArrayInputStream(message.raw()), List.of(user), message.date());
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
	}

	/**
	 * Moves the bench user's messages into folders and sets flags, as a long-used mailbox
	 * would have them.
	 */
	private void distribute(long user) {
		long work = folder(user, null, "Work");
		long projects = folder(user, work, "Projects");
		this.jdbc.sql("""
				update messages m set folder_id = coalesce(
				  case when h < 8 then (select id from folders where user_id = :user and role = 'sent')
				       when h < 18 then (select id from folders where user_id = :user and role = 'archive')
				       when h < 21 then (select id from folders where user_id = :user and role = 'trash')
				       when h < 24 then (select id from folders where user_id = :user and role = 'junk')
				       when h < 28 then :work
				       when h < 30 then :projects end, m.folder_id),
				  seen = (h2 >= 15), flagged = (h3 < 5)
				from (select id, abs(hashtext(id::text)) % 100 h, abs(hashtext('s' || id)) % 100 h2,
				        abs(hashtext('f' || id)) % 100 h3 from messages where user_id = :user) x
				where m.id = x.id
				""").param("user", user).param("work", work).param("projects", projects).update();
	}

	private long folder(long user, Long parent, String name) {
		return this.jdbc.sql("""
				insert into folders (user_id, parent_id, name, uidvalidity)
				values (:user, :parent, :name, nextval('folder_uidvalidity')) returning id
				""").param("user", user).param("parent", parent).param("name", name).query(Long.class).single();
	}

	private long count(long user, String query) {
		MessageSearch.Condition condition = this.search.condition(user, SearchQuery.parse(query, ZONE));
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("select count(*) from messages m join message_contents c on c.id = m.content_id"
					+ " where m.user_id = :user and m.uid is not null and (" + condition.sql() + ")")
			.param("user", user);
		for (Map.Entry<String, Object> param : condition.params().entrySet()) {
			statement = statement.param(param.getKey(), param.getValue());
		}
		return statement.query(Long.class).single();
	}

	/** The same search with every index scan turned off. */
	private Object peer(long user, String query) {
		return new TransactionTemplate(this.transactionManager).execute((status) -> {
			this.jdbc.sql("set local enable_bitmapscan = off").update();
			this.jdbc.sql("set local enable_indexscan = off").update();
			this.jdbc.sql("set local enable_indexonlyscan = off").update();
			return this.search.search(user, query, ZONE, PageRequest.first(PAGE));
		});
	}

	private String explain(long user, String query, boolean peer) {
		MessageSearch.Condition condition = this.search.condition(user, SearchQuery.parse(query, ZONE));
		return new TransactionTemplate(this.transactionManager).execute((status) -> {
			if (peer) {
				this.jdbc.sql("set local enable_bitmapscan = off").update();
				this.jdbc.sql("set local enable_indexscan = off").update();
			}
			JdbcClient.StatementSpec statement = this.jdbc
				.sql("explain (analyze, buffers) select " + MessageLists.COLUMNS
						+ " from messages m join message_contents c on c.id = m.content_id"
						+ " where m.user_id = :user and m.uid is not null and (" + condition.sql()
						+ ") order by m.internal_date desc, m.id desc limit " + (PAGE + 1))
				.param("user", user);
			for (Map.Entry<String, Object> param : condition.params().entrySet()) {
				statement = statement.param(param.getKey(), param.getValue());
			}
			return String.join("\n", statement.query(String.class).list());
		});
	}

	private static double[] time(Supplier<Object> search, int runs) {
		double[] ms = new double[runs];
		for (int i = 0; i < runs; i++) {
			long t0 = System.nanoTime();
			search.get();
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(ms);
		return ms;
	}

	/** Nearest-rank percentile of sorted values. */
	private static double percentile(double[] sorted, int p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private String setting(String name) {
		return this.jdbc.sql("select current_setting(:name)").param("name", name).query(String.class).single();
	}

	private String size(String expression) {
		return this.jdbc.sql("select pg_size_pretty(" + expression + ")").query(String.class).single();
	}

	private static double seconds(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}

	private void line(String format, Object... args) {
		String text = String.format(Locale.ROOT, format, args);
		this.report.append(text).append('\n');
		System.out.println(text);
	}

	/**
	 * Deterministic, realistic-looking mail: Zipf-distributed words from a few hundred
	 * common English and Korean words and a long tail of made-up ones, Korean words with
	 * particles, 2,000 senders of whom a few write most of the mail.
	 */
	static final class Generator {

		private static final String[] ENGLISH = ("the of and to a in is you that it for on are as with be this have "
				+ "from or at by not we will can your all our if about please thanks meeting report project team "
				+ "schedule review update budget invoice contract deadline attached file document office client "
				+ "customer order delivery payment account password security server release version feature issue "
				+ "test plan proposal agenda minutes notes tomorrow today monday tuesday wednesday thursday friday "
				+ "next week month year lunch dinner call conference quarterly sales marketing design question "
				+ "answer request approval travel training holiday support ticket price quote shipping product "
				+ "service data analysis results summary draft final new old first last time day people work "
				+ "hello regards best kind dear let me know would like could should see find below above "
				+ "information details changes status discussion feedback reminder event invitation confirm "
				+ "cancel available room building floor office phone number email address link website login "
				+ "share folder drive calendar slides spreadsheet table chart growth revenue cost profit loss "
				+ "target goal performance hiring candidate interview offer team lead manager director board")
			.split(" ");

		private static final String[] KOREAN = ("회의 보고서 일정 프로젝트 예산 계약 고객 주문 배송 결제 계정 보안 서버 출시 버전 기능 문제 시험 "
				+ "계획 제안 안건 회의록 내일 오늘 월요일 화요일 수요일 목요일 금요일 다음 주 달 점심 저녁 전화 회사 부서 팀장 사장님 "
				+ "자료 파일 문서 사무실 검토 수정 확인 요청 답변 결과 분석 매출 영업 마케팅 개발 디자인 인사 총무 교육 출장 휴가 "
				+ "신청 승인 견적서 세금 계산서 청구서 납품 품질 생산 구매 재고 공지 안내 참석 장소 시간 변경 취소 감사 부탁 "
				+ "담당자 연락처 메일 첨부 내용 의견 검토 진행 상황 완료 예정 관련 요약 최종 초안 발표 자료 고객사 협력사")
			.split(" ");

		private static final String[] PARTICLES = { "", "", "", "을", "를", "이", "가", "은", "는", "에", "에서", "으로", "로", "와",
				"과", "의", "도", "만", "까지", "부터" };

		private static final String[] ENDINGS = { "합니다", "했습니다", "입니다", "드립니다", "부탁드립니다", "하겠습니다", "있습니다", "없습니다",
				"됩니다", "주세요", "바랍니다" };

		private static final String[] SYLLABLES = { "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bra", "qui",
				"tor", "pel", "dan", "mor", "xin", "fal", "gro", "hul", "jen", "kes", "lum", "nor", "pix", "ros", "sul",
				"tam", "ulv", "wex", "yor" };

		private static final String[] FIRST = { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
				"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter" };

		private static final String[] LAST = { "smith", "jones", "brown", "lee", "park", "kim", "miller", "davis",
				"garcia", "wilson" };

		private static final String[] KOREAN_NAMES = { "김철수", "이영희", "박민수", "최지우", "정하늘", "강서연", "조현우", "윤수빈", "장민호",
				"임나래", "한지민", "오세훈" };

		private static final String[] DOMAINS = { "example.com", "example.org", "corp.example", "mail.example.kr",
				"partner.example", "shop.example", "univ.example.ac.kr" };

		private static final Instant START = Instant.parse("2023-01-01T00:00:00Z");

		private static final Duration SPAN = Duration.ofDays(3 * 365);

		private final long seed;

		private final int count;

		private final String[] englishTail;

		private final String[] koreanTail;

		private final String[][] senders;

		private final double[] englishCdf;

		private final double[] koreanCdf;

		private final double[] senderCdf;

		final String rareEnglish;

		final String rareKorean;

		final String rareSubject;

		final String frequentSender;

		final String rareSender;

		record Message(byte[] raw, Instant date) {
		}

		Generator(long seed, int count) {
			this.seed = seed;
			this.count = count;
			Random random = new Random(seed);
			this.englishTail = new String[20_000];
			for (int i = 0; i < this.englishTail.length; i++) {
				StringBuilder word = new StringBuilder();
				for (int s = 2 + random.nextInt(3); s > 0; s--) {
					word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
				}
				this.englishTail[i] = word.toString();
			}
			this.koreanTail = new String[10_000];
			for (int i = 0; i < this.koreanTail.length; i++) {
				StringBuilder word = new StringBuilder();
				for (int s = 2 + random.nextInt(2); s > 0; s--) {
					word.appendCodePoint(0xAC00 + random.nextInt(2_000) * 5);
				}
				this.koreanTail[i] = word.toString();
			}
			this.senders = new String[2_000][];
			for (int i = 0; i < this.senders.length; i++) {
				String domain = DOMAINS[random.nextInt(DOMAINS.length)];
				if (random.nextInt(10) < 4) {
					this.senders[i] = new String[] { KOREAN_NAMES[random.nextInt(KOREAN_NAMES.length)],
							"user" + i + "@" + domain };
				}
				else {
					String first = FIRST[random.nextInt(FIRST.length)];
					String last = LAST[random.nextInt(LAST.length)];
					this.senders[i] = new String[] { capitalize(first) + " " + capitalize(last),
							first + "." + last + i + "@" + domain };
				}
			}
			this.englishCdf = zipf(ENGLISH.length + this.englishTail.length, 1.0);
			this.koreanCdf = zipf(KOREAN.length + this.koreanTail.length, 1.0);
			this.senderCdf = zipf(this.senders.length, 1.1);
			this.rareEnglish = this.englishTail[12_345];
			this.rareKorean = this.koreanTail[7_777];
			this.rareSubject = this.englishTail[4_321];
			int frequent = 0;
			while (this.senders[frequent][1].indexOf('.') > this.senders[frequent][1].indexOf('@')) {
				frequent++;
			}
			this.frequentSender = this.senders[frequent][1].substring(0, this.senders[frequent][1].indexOf('.'));
			this.rareSender = this.senders[1_500][1];
		}

		Message message(int i) {
			Random random = new Random(this.seed * 1_000_003L + i);
			long offset = SPAN.toSeconds() * i / this.count + random.nextInt(3600);
			Instant date = START.plusSeconds(offset);
			String[] sender = this.senders[pick(this.senderCdf, random)];
			int kind = random.nextInt(100);
			boolean korean = kind >= 55;
			boolean eucKr = kind >= 90;
			boolean html = random.nextInt(100) < 15;
			boolean attachment = random.nextInt(100) < 15;
			int size = 2_000 + random.nextInt(8_000);
			String subject = (random.nextInt(4) == 0 ? "Re: " : "")
					+ (korean ? koreanText(random, 2 + random.nextInt(5), false)
							: capitalize(englishText(random, 3 + random.nextInt(6), false)));
			StringBuilder body = new StringBuilder();
			int target = (attachment ? size / 2 : size) / (html ? 2 : 1);
			while (utf8Length(body) < target * (korean ? 0.75 : 0.7)) {
				body.append(korean ? koreanText(random, 6 + random.nextInt(10), true)
						: capitalize(englishText(random, 6 + random.nextInt(12), true)));
				body.append(random.nextInt(5) == 0 ? "\r\n\r\n" : " ");
			}
			Charset charset = eucKr ? Charset.forName("EUC-KR") : StandardCharsets.UTF_8;
			StringBuilder raw = new StringBuilder();
			raw.append("Return-Path: <").append(sender[1]).append(">\r\n");
			raw.append("From: ").append(encoded(sender[0], charset)).append(" <").append(sender[1]).append(">\r\n");
			raw.append("To: Bench <bench@localhost>\r\n");
			if (random.nextInt(10) < 3) {
				String[] cc = this.senders[random.nextInt(this.senders.length)];
				raw.append("Cc: ").append(encoded(cc[0], charset)).append(" <").append(cc[1]).append(">\r\n");
			}
			raw.append("Subject: ").append(encoded(subject, charset)).append("\r\n");
			raw.append("Date: ")
				.append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZONE)))
				.append("\r\n");
			raw.append("Message-ID: <bench.").append(this.seed).append('.').append(i).append("@bench.example>\r\n");
			raw.append("MIME-Version: 1.0\r\n");
			String text = body.toString();
			String textPart = "Content-Type: text/plain; charset=" + charset.name() + "\r\n"
					+ "Content-Transfer-Encoding: base64\r\n\r\n" + base64(text.getBytes(charset)) + "\r\n";
			String part = textPart;
			if (html) {
				String htmlText = "<html><head><style>body{font-family:sans-serif}</style></head><body><p>"
						+ text.replace("\r\n\r\n", "</p><p>") + "</p></body></html>";
				part = "Content-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\n" + textPart + "--alt\r\n"
						+ "Content-Type: text/html; charset=" + charset.name() + "\r\n"
						+ "Content-Transfer-Encoding: base64\r\n\r\n" + base64(htmlText.getBytes(charset))
						+ "\r\n--alt--\r\n";
			}
			if (attachment) {
				byte[] file = new byte[size / 3];
				random.nextBytes(file);
				String name = korean ? "견적서_" + i + ".pdf" : "report-" + i + ".pdf";
				raw.append("Content-Type: multipart/mixed; boundary=mix\r\n\r\n--mix\r\n")
					.append(part)
					.append("--mix\r\nContent-Type: application/pdf; name=\"")
					.append(encoded(name, StandardCharsets.UTF_8))
					.append("\"\r\nContent-Disposition: attachment; filename=\"")
					.append(encoded(name, StandardCharsets.UTF_8))
					.append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
					.append(base64(file))
					.append("\r\n--mix--\r\n");
			}
			else {
				raw.append(part);
			}
			return new Message(raw.toString().getBytes(StandardCharsets.US_ASCII), date);
		}

		private String englishText(Random random, int words, boolean sentence) {
			StringBuilder text = new StringBuilder();
			for (int w = 0; w < words; w++) {
				int k = pick(this.englishCdf, random);
				text.append(w > 0 ? " " : "")
					.append(k < ENGLISH.length ? ENGLISH[k] : this.englishTail[k - ENGLISH.length]);
			}
			return sentence ? text.append('.').toString() : text.toString();
		}

		private String koreanText(Random random, int words, boolean sentence) {
			StringBuilder text = new StringBuilder();
			for (int w = 0; w < words; w++) {
				int k = pick(this.koreanCdf, random);
				text.append(w > 0 ? " " : "")
					.append(k < KOREAN.length ? KOREAN[k] : this.koreanTail[k - KOREAN.length]);
				text.append((sentence && w == words - 1) ? ENDINGS[random.nextInt(ENDINGS.length)]
						: PARTICLES[random.nextInt(PARTICLES.length)]);
			}
			return sentence ? text.append('.').toString() : text.toString();
		}

		private static double[] zipf(int n, double exponent) {
			double[] cdf = new double[n];
			double sum = 0;
			for (int i = 0; i < n; i++) {
				sum += 1 / Math.pow(i + 1, exponent);
				cdf[i] = sum;
			}
			for (int i = 0; i < n; i++) {
				cdf[i] /= sum;
			}
			return cdf;
		}

		private static int pick(double[] cdf, Random random) {
			int i = Arrays.binarySearch(cdf, random.nextDouble());
			return Math.min(cdf.length - 1, (i >= 0) ? i : -i - 1);
		}

		private static String encoded(String text, Charset charset) {
			if (text.chars().allMatch((c) -> c < 128)) {
				return text;
			}
			return "=?" + charset.name() + "?B?" + Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
		}

		private static String base64(byte[] bytes) {
			return Base64.getMimeEncoder().encodeToString(bytes);
		}

		private static int utf8Length(CharSequence text) {
			int bytes = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				bytes += (c < 0x80) ? 1 : (c < 0x800) ? 2 : 3;
			}
			return bytes;
		}

		private static String capitalize(String text) {
			return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
		}

	}

}
