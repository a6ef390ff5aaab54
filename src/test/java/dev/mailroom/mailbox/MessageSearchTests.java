package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Searching a user's mail on the embedded PostgreSQL, after the indexer has run. */
@SpringBootTest(properties = "mailroom.search.indexing=false")
class MessageSearchTests {

	private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

	private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

	@Autowired
	MessageSearch search;

	@Autowired
	SearchIndexer indexer;

	@Autowired
	MessageStore store;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void freeTextFindsWordsInSubjectBodyAndSender() {
		long user = user("free");
		deliver(user, mail().subject("Quarterly budget").body("numbers inside"));
		deliver(user, mail().subject("Lunch").body("The budget meeting moved"));
		deliver(user, mail().from("Budget Office", "office@example.test").subject("Notice").body("hello"));
		deliver(user, mail().subject("Unrelated").body("nothing here"));
		index();

		assertThat(subjects(user, "budget")).containsExactlyInAnyOrder("Quarterly budget", "Lunch", "Notice");
		assertThat(subjects(user, "BUDG")).as("words match by prefix, any case").hasSize(3);
		assertThat(subjects(user, "budget meeting")).containsExactly("Lunch");
		assertThat(subjects(user, "udget")).as("a word matches at its start").isEmpty();
	}

	@Test
	void quotedPhrasesMustBeAdjacent() {
		long user = user("phrase");
		deliver(user, mail().subject("A").body("the quarterly report is late"));
		deliver(user, mail().subject("B").body("report of the quarterly numbers"));
		deliver(user, mail().subject("Quarterly  Report").body("x"));
		index();

		assertThat(subjects(user, "\"quarterly report\"")).containsExactlyInAnyOrder("A", "Quarterly  Report");
		assertThat(subjects(user, "quarterly report")).hasSize(3);
		assertThat(subjects(user, "subject:\"quarterly report\"")).containsExactly("Quarterly  Report");
	}

	@Test
	void fromMatchesNamesAndAddresses() {
		long user = user("from");
		deliver(user, mail().from("Alice Kim", "alice@example.test").subject("one"));
		deliver(user, mail().from("Bob", "bob@example.org").to("Alice", "alice@example.test").subject("two"));
		deliver(user, mail().from("김철수", "kim@example.test").subject("three"));
		index();

		assertThat(subjects(user, "from:alice")).containsExactly("one");
		assertThat(subjects(user, "from:alice@example.test")).containsExactly("one");
		assertThat(subjects(user, "from:example.org")).containsExactly("two");
		assertThat(subjects(user, "from:김철수")).containsExactly("three");
		assertThat(subjects(user, "from:철수")).containsExactly("three");
		assertThat(subjects(user, "from:bob@example.test")).isEmpty();
	}

	@Test
	void toMatchesToAndCc() {
		long user = user("to");
		deliver(user, mail().to("Carol", "carol@example.test").subject("to carol"));
		deliver(user, mail().to("Dave", "dave@example.test").cc("Carol", "carol@example.test").subject("cc carol"));
		deliver(user, mail().from("Carol", "carol@example.test").subject("from carol"));
		index();

		assertThat(subjects(user, "to:carol")).containsExactlyInAnyOrder("to carol", "cc carol");
		assertThat(subjects(user, "to:carol@example.test")).containsExactlyInAnyOrder("to carol", "cc carol");
	}

	@Test
	void subjectLooksOnlyAtTheSubject() {
		long user = user("subject");
		deliver(user, mail().subject("Invoice 42").body("pay"));
		deliver(user, mail().subject("Hello").body("the invoice is attached"));
		index();

		assertThat(subjects(user, "subject:invoice")).containsExactly("Invoice 42");
		assertThat(subjects(user, "invoice")).hasSize(2);
	}

	@Test
	void flagsAndAttachments() {
		long user = user("flags");
		StoredMessage read = deliver(user, mail().subject("read"));
		StoredMessage starred = deliver(user, mail().subject("starred"));
		deliver(user, mail().subject("unread with file").attachment("report.pdf"));
		markSeen(read.id());
		markSeen(starred.id());
		this.jdbc.sql("update messages set flagged = true where id = :id").param("id", starred.id()).update();
		index();

		assertThat(subjects(user, "is:unread")).containsExactly("unread with file");
		assertThat(subjects(user, "is:read")).containsExactlyInAnyOrder("read", "starred");
		assertThat(subjects(user, "is:starred")).containsExactly("starred");
		assertThat(subjects(user, "has:attachment")).containsExactly("unread with file");
		assertThat(subjects(user, "has:attachment is:unread")).containsExactly("unread with file");
		assertThat(subjects(user, "-has:attachment")).containsExactlyInAnyOrder("read", "starred");
		assertThat(subjects(user, "report.pdf")).as("attachment file names are text")
			.containsExactly("unread with file");
	}

	@Test
	void koreanSubstringsInSubjectAndBody() {
		long user = user("korean");
		deliver(user, mail().subject("공지").body("내일 회의를 합니다"));
		deliver(user, mail().subject("회의록 공유").body("첨부 확인 바랍니다"));
		deliver(user, mail().subject("점심").body("회 먹으러 갑시다"));
		deliver(user, mail().subject("사회").body("다른 이야기"));
		index();

		assertThat(subjects(user, "회의")).containsExactlyInAnyOrder("공지", "회의록 공유");
		assertThat(subjects(user, "회의를")).containsExactly("공지");
		assertThat(subjects(user, "subject:회의")).containsExactly("회의록 공유");
		assertThat(subjects(user, "\"내일 회의\"")).containsExactly("공지");
		assertThat(subjects(user, "회")).as("one syllable: anywhere in a word")
			.containsExactlyInAnyOrder("공지", "회의록 공유", "점심", "사회");
		assertThat(subjects(user, "합니다")).containsExactly("공지");
		assertThat(subjects(user, "회의 -회의록")).containsExactly("공지");
	}

	@Test
	void eucKrBodiesAreFoundByTheirKoreanText() {
		long user = user("euckr");
		deliver(user,
				mail().subject("=?EUC-KR?B?" + base64("분기 보고", "EUC-KR") + "?=")
					.charset("EUC-KR")
					.body("다음 주 월요일에 예산 회의를 합니다"));
		deliver(user, mail().subject("utf").body("예산 없음"));
		index();

		assertThat(subjects(user, "회의")).containsExactly("분기 보고");
		assertThat(subjects(user, "예산")).containsExactlyInAnyOrder("분기 보고", "utf");
		assertThat(subjects(user, "subject:보고")).containsExactly("분기 보고");
	}

	@Test
	void htmlBodiesAreSearchedAsText() {
		long user = user("html");
		deliver(user, mail().subject("newsletter")
			.contentType("text/html")
			.body("<html><head><style>p{font-family:serif}</style></head><body><p>Big <b>sale</b> 오늘만</p></body></html>"));
		index();

		assertThat(subjects(user, "sale")).containsExactly("newsletter");
		assertThat(subjects(user, "오늘만")).containsExactly("newsletter");
		assertThat(subjects(user, "serif")).isEmpty();
	}

	@Test
	void neverReturnsAnotherUsersMail() {
		long alice = user("iso-a");
		long bob = user("iso-b");
		deliver(alice, mail().subject("alice secret").body("confidential 기밀"));
		deliver(bob, mail().subject("bob note").body("confidential 기밀"));
		StoredMessage shared = this.store
			.deliver(new ByteArrayInputStream(mail().subject("shared").body("confidential").bytes()),
					List.of(alice, bob), NOW)
			.get(0);
		index();

		assertThat(subjects(alice, "confidential")).containsExactlyInAnyOrder("alice secret", "shared");
		assertThat(subjects(bob, "confidential")).containsExactlyInAnyOrder("bob note", "shared");
		assertThat(subjects(bob, "기밀")).containsExactly("bob note");
		assertThat(subjects(bob, "alice")).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from message_search where content_id = :id")
			.param("id", shared.contentId())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void negation() {
		long user = user("negation");
		deliver(user, mail().from("Ads", "ads@shop.example").subject("sale today"));
		deliver(user, mail().from("Friend", "friend@example.test").subject("sale of my bike"));
		deliver(user, mail().from("Friend", "friend@example.test").subject("dinner"));
		index();

		assertThat(subjects(user, "sale -from:ads")).containsExactly("sale of my bike");
		assertThat(subjects(user, "-sale")).containsExactly("dinner");
		assertThat(subjects(user, "-\"my bike\"")).containsExactlyInAnyOrder("sale today", "dinner");
		assertThat(subjects(user, "-from:friend@example.test")).containsExactly("sale today");
	}

	@Test
	void inChoosesFoldersByPathOrRole() {
		long user = user("folders");
		long work = folder(user, null, "Work");
		long projects = folder(user, work, "Projects");
		long inboxChild = folder(user, roleFolder(user, "inbox"), "Receipts");
		move(deliver(user, mail().subject("in work").body("plan")), work);
		move(deliver(user, mail().subject("in projects").body("plan")), projects);
		move(deliver(user, mail().subject("in receipts").body("plan")), inboxChild);
		move(deliver(user, mail().subject("in trash").body("plan")), roleFolder(user, "trash"));
		move(deliver(user, mail().subject("in junk").body("plan")), roleFolder(user, "junk"));
		move(deliver(user, mail().subject("in sent").body("plan")), roleFolder(user, "sent"));
		deliver(user, mail().subject("in inbox").body("plan"));
		index();

		assertThat(subjects(user, "plan")).as("Trash and Junk left out")
			.containsExactlyInAnyOrder("in work", "in projects", "in receipts", "in sent", "in inbox");
		assertThat(subjects(user, "plan in:anywhere")).hasSize(7);
		assertThat(subjects(user, "in:work")).containsExactly("in work");
		assertThat(subjects(user, "in:WORK/projects plan")).containsExactly("in projects");
		assertThat(subjects(user, "in:inbox/receipts")).containsExactly("in receipts");
		assertThat(subjects(user, "in:inbox")).containsExactly("in inbox");
		assertThat(subjects(user, "in:trash")).containsExactly("in trash");
		assertThat(subjects(user, "in:spam")).containsExactly("in junk");
		assertThat(subjects(user, "in:Sent")).containsExactly("in sent");
		assertThat(subjects(user, "in:nowhere")).isEmpty();
		assertThat(subjects(user, "plan -in:inbox -in:work/projects")).containsExactlyInAnyOrder("in work",
				"in receipts", "in sent");
	}

	@Test
	void beforeAndAfterAreDaysInTheUsersZone() {
		long user = user("dates");
		// 2026-03-01 00:30 in Seoul is still February 28 in UTC.
		deliver(user, mail().subject("march first early"), Instant.parse("2026-02-28T15:30:00Z"));
		deliver(user, mail().subject("february"), Instant.parse("2026-02-10T00:00:00Z"));
		deliver(user, mail().subject("april"), Instant.parse("2026-04-02T00:00:00Z"));
		index();

		assertThat(subjects(user, "before:2026-03-01")).containsExactly("february");
		assertThat(subjects(user, "after:2026-03-01")).containsExactly("april", "march first early");
		assertThat(subjects(user, "after:2026-03-01 before:2026-03-02")).containsExactly("march first early");
		assertThat(subjects(user, "-after:2026-03-01")).containsExactly("february");
		assertThat(this.search.search(user, "before:2026-03-01", ZoneId.of("UTC"), PageRequest.first(10)).items())
			.extracting(MessageListItem::subject)
			.containsExactlyInAnyOrder("february", "march first early");
	}

	@Test
	void pagesThroughResultsWithCursors() {
		long user = user("paging");
		for (int i = 0; i < 25; i++) {
			deliver(user, mail().subject("match " + i).body("needle"), NOW.plusSeconds(i));
			deliver(user, mail().subject("other " + i).body("hay"), NOW.plusSeconds(i));
		}
		index();

		List<String> seen = new ArrayList<>();
		MessagePage page = this.search.search(user, "needle", SEOUL, PageRequest.first(10));
		seen.addAll(page.items().stream().map(MessageListItem::subject).toList());
		assertThat(page.newer()).isNull();
		while (page.older() != null) {
			page = this.search.search(user, "needle", SEOUL,
					new PageRequest(PageRequest.Direction.OLDER, page.older(), 10));
			seen.addAll(page.items().stream().map(MessageListItem::subject).toList());
		}
		assertThat(seen).hasSize(25).doesNotHaveDuplicates().allMatch((subject) -> subject.startsWith("match "));
		assertThat(seen.get(0)).isEqualTo("match 24");
		assertThat(seen.get(24)).isEqualTo("match 0");

		MessagePage newer = this.search.search(user, "needle", SEOUL,
				new PageRequest(PageRequest.Direction.NEWER, page.newer(), 10));
		assertThat(newer.items()).extracting(MessageListItem::subject)
			.containsExactly("match 14", "match 13", "match 12", "match 11", "match 10", "match 9", "match 8",
					"match 7", "match 6", "match 5");
	}

	@Test
	void userTextIsNeverSql() {
		long user = user("hostile-query");
		deliver(user, mail().subject("100% sure").body("it's fine"));
		deliver(user, mail().subject("1000 items").body("a_b"));
		deliver(user, mail().subject("axb").body("nothing"));
		index();

		assertThat(subjects(user, "100%")).containsExactly("100% sure");
		assertThat(subjects(user, "\"a_b\"")).containsExactly("1000 items");
		assertThat(subjects(user, "it's")).containsExactly("100% sure");
		assertThat(subjects(user, "'); drop table messages; --")).isEmpty();
		assertThat(subjects(user, "from:\\ to:' subject:%")).as("no letters, no condition").hasSize(3);
		assertThat(subjects(user, "!!! ***")).hasSize(3);
		assertThatIllegalArgumentException().isThrownBy(() -> subjects(user, "x ".repeat(MessageSearch.MAX_TERMS + 1)));
	}

	@Test
	void newMailIsIndexedOnceAndOnlyOnce() {
		long user = user("once");
		deliver(user, mail().subject("first"));
		assertThat(this.indexer.indexPending()).isGreaterThanOrEqualTo(1);
		assertThat(this.indexer.indexPending()).isZero();
		deliver(user, mail().subject("second"));
		assertThat(this.indexer.indexPending()).isEqualTo(1);
		assertThat(subjects(user, "second")).containsExactly("second");
		assertThat(this.jdbc.sql("select gin_clean_pending_list('message_search_lexemes_idx'::regclass)")
			.query(Long.class)
			.single()).as("no entries left in the GIN pending list, which every search would scan").isZero();
	}

	@Test
	void mailCommittedLateWithALowerIdIsStillIndexed() throws Exception {
		long user = user("late");
		CountDownLatch placed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<PendingMessage> pending = new java.util.ArrayList<>();
		ExecutorService thread = Executors.newSingleThreadExecutor();
		this.indexer.lag(Duration.ZERO);
		try {
			Future<?> late = thread
				.submit(() -> new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
					StoredContent content = this.store
						.storeContent(new ByteArrayInputStream(mail().subject("late arrival").bytes()));
					pending.addAll(this.store.place(content, List.of(user), NOW));
					placed.countDown();
					awaitUninterruptibly(release);
				}));
			assertThat(placed.await(10, TimeUnit.SECONDS)).isTrue();
			deliver(user, mail().subject("early bird"));
			// Runs while the late transaction is open: their marks must not become floors
			// above its message.
			index();
			index();
			index();
			release.countDown();
			late.get(10, TimeUnit.SECONDS);
			this.store.assignUids(pending);
			index();

			assertThat(subjects(user, "arrival")).containsExactly("late arrival");
			assertThat(subjects(user, "bird")).containsExactly("early bird");
		}
		finally {
			release.countDown();
			thread.shutdownNow();
			this.indexer.lag(SearchIndexer.LAG);
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void malformedMailIsIndexedWithoutFailing() {
		long user = user("malformed");
		byte[] raw = ("Subject: =?UTF-8?B?!!!?= broken\r\nContent-Type: multipart/mixed; boundary=\"\r\n"
				+ "Content-Transfer-Encoding: base64\r\n\r\n\u0000\u0001garbage ==== @@@ 회의\r\n")
			.getBytes(StandardCharsets.UTF_8);
		this.store.deliver(new ByteArrayInputStream(raw), List.of(user), NOW);
		deliver(user, mail().subject("fine").body("after the broken one"));

		index();

		assertThat(subjects(user, "fine")).containsExactly("fine");
		assertThat(this.jdbc.sql("""
				select count(*) from message_search s join messages m on m.content_id = s.content_id
				where m.user_id = :user and s.user_id = :user
				""").param("user", user).query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void aRowThatCannotBeStoredIsIndexedWithoutText() {
		long user = user("poison");
		deliver(user, mail().subject("poison pill").body("x"));
		deliver(user, mail().subject("healthy").body("y"));
		this.jdbc.sql("""
				create function refuse_poison() returns trigger language plpgsql as $$
				begin
				  if new.lexemes @@ 'poison' then raise exception 'poison'; end if;
				  return new;
				end $$""").update();
		this.jdbc
			.sql("create trigger refuse_poison before insert on message_search"
					+ " for each row execute function refuse_poison()")
			.update();
		try {
			index();
		}
		finally {
			this.jdbc.sql("drop trigger refuse_poison on message_search").update();
			this.jdbc.sql("drop function refuse_poison()").update();
		}

		assertThat(subjects(user, "healthy")).containsExactly("healthy");
		assertThat(subjects(user, "poison")).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from message_search where user_id = :user")
			.param("user", user)
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	// ----------------------------------------------------------------- helpers

	private List<String> subjects(long user, String query) {
		return this.search.search(user, query, SEOUL, PageRequest.first(PageRequest.MAX_LIMIT))
			.items()
			.stream()
			.map(MessageListItem::subject)
			.toList();
	}

	private void index() {
		this.indexer.indexPending();
	}

	private long user(String name) {
		return this.accounts.createUser(name + "@localhost", "password-" + name, null, false).id();
	}

	private StoredMessage deliver(long user, Mail mail) {
		return deliver(user, mail, NOW);
	}

	private StoredMessage deliver(long user, Mail mail, Instant at) {
		return this.store.deliver(new ByteArrayInputStream(mail.bytes()), List.of(user), at).get(0);
	}

	private void markSeen(long messageId) {
		this.jdbc.sql("update messages set seen = true where id = :id").param("id", messageId).update();
	}

	private long roleFolder(long user, String role) {
		return this.jdbc.sql("select id from folders where user_id = :user and role = :role")
			.param("user", user)
			.param("role", role)
			.query(Long.class)
			.single();
	}

	private long folder(long user, Long parent, String name) {
		return this.jdbc.sql("""
				insert into folders (user_id, parent_id, name, uidvalidity)
				values (:user, :parent, :name, nextval('folder_uidvalidity')) returning id
				""").param("user", user).param("parent", parent).param("name", name).query(Long.class).single();
	}

	private void move(StoredMessage message, long folder) {
		this.jdbc.sql("update messages set folder_id = :folder where id = :id")
			.param("folder", folder)
			.param("id", message.id())
			.update();
	}

	private static String base64(String text, String charset) {
		return Base64.getEncoder().encodeToString(text.getBytes(Charset.forName(charset)));
	}

	private static Mail mail() {
		return new Mail();
	}

	/** A message to deliver, UTF-8 plain text unless told otherwise. */
	private static final class Mail {

		private String from = "Sender <sender@example.test>";

		private String to = "Me <me@localhost>";

		private String cc;

		private String subject = "";

		private String body = "";

		private String charset = "UTF-8";

		private String contentType = "text/plain";

		private String attachment;

		Mail from(String name, String address) {
			this.from = encoded(name) + " <" + address + ">";
			return this;
		}

		Mail to(String name, String address) {
			this.to = encoded(name) + " <" + address + ">";
			return this;
		}

		Mail cc(String name, String address) {
			this.cc = encoded(name) + " <" + address + ">";
			return this;
		}

		Mail subject(String subject) {
			this.subject = subject.startsWith("=?") ? subject : encoded(subject);
			return this;
		}

		Mail body(String body) {
			this.body = body;
			return this;
		}

		Mail charset(String charset) {
			this.charset = charset;
			return this;
		}

		Mail contentType(String contentType) {
			this.contentType = contentType;
			return this;
		}

		Mail attachment(String filename) {
			this.attachment = filename;
			return this;
		}

		byte[] bytes() {
			Charset bodyCharset = Charset.forName(this.charset);
			String headers = "From: " + this.from + "\r\nTo: " + this.to + "\r\n"
					+ ((this.cc != null) ? "Cc: " + this.cc + "\r\n" : "") + "Subject: " + this.subject + "\r\n"
					+ "MIME-Version: 1.0\r\n";
			String text = "Content-Type: " + this.contentType + "; charset=" + this.charset + "\r\n"
					+ "Content-Transfer-Encoding: base64\r\n\r\n"
					+ Base64.getMimeEncoder().encodeToString(this.body.getBytes(bodyCharset)) + "\r\n";
			if (this.attachment == null) {
				return (headers + text).getBytes(StandardCharsets.US_ASCII);
			}
			return (headers + "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n" + text + "--b1\r\n"
					+ "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + this.attachment
					+ "\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n")
				.getBytes(StandardCharsets.US_ASCII);
		}

		private static String encoded(String text) {
			return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
		}

	}

}
