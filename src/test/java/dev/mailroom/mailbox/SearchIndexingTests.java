package dev.mailroom.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The background indexer, as it runs in every instance by default. */
@SpringBootTest
class SearchIndexingTests {

	@Autowired
	MessageStore store;

	@Autowired
	MessageSearch search;

	@Autowired
	AccountService accounts;

	@Test
	void newMailBecomesSearchableWithinSeconds() throws InterruptedException {
		long user = this.accounts.createUser("indexed@localhost", "password-indexed", null, false).id();
		byte[] raw = "From: kim@example.test\r\nSubject: =?UTF-8?B?7ZqM7J2Y?=\r\n\r\n내일 회의를 합니다\r\n"
			.getBytes(StandardCharsets.UTF_8);
		this.store.deliver(new ByteArrayInputStream(raw), List.of(user), Instant.now());

		long deadline = System.nanoTime() + 15_000_000_000L;
		List<MessageListItem> found = List.of();
		while (found.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(200);
			found = this.search.search(user, "회의", ZoneId.of("Asia/Seoul"), PageRequest.first(10)).items();
		}
		assertThat(found).extracting(MessageListItem::subject).containsExactly("회의");
	}

}
