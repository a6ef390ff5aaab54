package dev.mailroom.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Personal API tokens on the embedded PostgreSQL. */
@SpringBootTest
class ApiTokensTests {

	@Autowired
	ApiTokens tokens;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcClient jdbc;

	private UserAccount kim;

	private UserAccount lee;

	@BeforeEach
	void users() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.kim = this.accounts.createUser("kim-" + suffix + "@localhost", "kim-password", null, false);
		this.lee = this.accounts.createUser("lee-" + suffix + "@localhost", "lee-password", null, false);
	}

	@Test
	void aCreatedTokenAuthenticatesItsUserAndIsListedByItsPrefix() {
		CreatedToken created = this.tokens.create(this.kim.id(), "  backup script ");

		assertThat(created.token()).startsWith("mr_").hasSize(3 + 43).matches("mr_[A-Za-z0-9_-]{43}");
		assertThat(created.name()).isEqualTo("backup script");
		assertThat(created.prefix()).isEqualTo(created.token().substring(3, 11));
		assertThat(created.toString()).doesNotContain(created.token());
		assertThat(this.tokens.authenticate(created.token())).contains(this.kim);
		List<ApiTokenView> listed = this.tokens.list(this.kim.id());
		assertThat(listed).singleElement().satisfies((token) -> {
			assertThat(token.id()).isEqualTo(created.id());
			assertThat(token.name()).isEqualTo("backup script");
			assertThat(token.prefix()).isEqualTo(created.prefix());
			assertThat(token.createdAt()).isEqualTo(created.createdAt());
			assertThat(token.lastUsedAt()).isNotNull();
		});
		assertThat(this.tokens.list(this.lee.id())).isEmpty();
	}

	@Test
	void everyTokenIsDifferent() {
		CreatedToken one = this.tokens.create(this.kim.id(), "one");
		CreatedToken two = this.tokens.create(this.kim.id(), "two");
		assertThat(one.token()).isNotEqualTo(two.token());
		assertThat(this.tokens.list(this.kim.id())).extracting(ApiTokenView::name).containsExactly("two", "one");
	}

	@Test
	void onlyTheHashIsStoredNeverThePlainToken() throws Exception {
		CreatedToken created = this.tokens.create(this.kim.id(), "laptop");
		String secret = created.token().substring(3);

		String row = this.jdbc.sql("select t::text from api_tokens t where id = :id")
			.param("id", created.id())
			.query(String.class)
			.single();
		assertThat(row).doesNotContain(secret).doesNotContain(secret.substring(0, 20));
		byte[] stored = this.jdbc.sql("select token_hash from api_tokens where id = :id")
			.param("id", created.id())
			.query(byte[].class)
			.single();
		assertThat(stored).isEqualTo(
				MessageDigest.getInstance("SHA-256").digest(created.token().getBytes(StandardCharsets.US_ASCII)));
		String prefix = this.jdbc.sql("select token_prefix from api_tokens where id = :id")
			.param("id", created.id())
			.query(String.class)
			.single();
		assertThat(prefix).isEqualTo(created.prefix()).hasSize(8);
	}

	@Test
	void anotherUserCannotRevokeYourToken() {
		CreatedToken created = this.tokens.create(this.kim.id(), "phone");

		assertThat(this.tokens.revoke(this.lee.id(), created.id())).isFalse();
		assertThat(this.tokens.authenticate(created.token())).contains(this.kim);

		assertThat(this.tokens.revoke(this.kim.id(), created.id())).isTrue();
		assertThat(this.tokens.revoke(this.kim.id(), created.id())).isFalse();
	}

	@Test
	void aRevokedTokenNoLongerAuthenticatesNorIsListed() {
		CreatedToken created = this.tokens.create(this.kim.id(), "old");
		this.tokens.revoke(this.kim.id(), created.id());

		assertThat(this.tokens.authenticate(created.token())).isEmpty();
		assertThat(this.tokens.list(this.kim.id())).isEmpty();
	}

	@Test
	void somethingElseIsNoToken() {
		CreatedToken created = this.tokens.create(this.kim.id(), "real");
		String token = created.token();
		char last = token.charAt(token.length() - 1);
		String changed = token.substring(0, token.length() - 1) + ((last == 'A') ? 'B' : 'A');

		assertThat(this.tokens.authenticate(changed)).isEmpty();
		assertThat(this.tokens.authenticate(token.substring(3))).isEmpty();
		assertThat(this.tokens.authenticate(token + "x")).isEmpty();
		assertThat(this.tokens.authenticate("")).isEmpty();
		assertThat(this.tokens.authenticate(null)).isEmpty();
		assertThat(this.tokens.authenticate("mr_" + "!".repeat(43))).isEmpty();
	}

	@Test
	void lastUseIsWrittenAtMostOnceAMinute() {
		CreatedToken created = this.tokens.create(this.kim.id(), "busy");
		Instant recent = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.MICROS);
		setLastUsed(created.id(), recent);

		this.tokens.authenticate(created.token());
		assertThat(lastUsed(created.id())).isEqualTo(recent);

		Instant old = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MICROS);
		setLastUsed(created.id(), old);
		this.tokens.authenticate(created.token());
		assertThat(lastUsed(created.id())).isAfter(old.plusSeconds(60));
	}

	@Test
	void aTokenNeedsAShortNameAndAUser() {
		assertThatExceptionOfType(AccountException.class).isThrownBy(() -> this.tokens.create(this.kim.id(), " "))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(AccountException.Reason.INVALID));
		assertThatExceptionOfType(AccountException.class)
			.isThrownBy(() -> this.tokens.create(this.kim.id(), "x".repeat(101)));
		assertThatExceptionOfType(AccountException.class)
			.isThrownBy(() -> this.tokens.create(this.kim.id(), "tab\there"));
		assertThatExceptionOfType(AccountException.class).isThrownBy(() -> this.tokens.create(-1, "nobody"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(AccountException.Reason.NOT_FOUND));
	}

	@Test
	void deletingTheUserDeletesTheirTokens() {
		CreatedToken created = this.tokens.create(this.kim.id(), "gone");
		this.accounts.deleteUser(this.kim.email());
		assertThat(this.tokens.authenticate(created.token())).isEmpty();
	}

	@Test
	void displayNamesAreSetTrimmedAndCleared() {
		assertThat(this.accounts.setDisplayName(this.kim.id(), "  김철수 ").displayName()).isEqualTo("김철수");
		assertThat(this.accounts.findUser(this.kim.id()).orElseThrow().displayName()).isEqualTo("김철수");
		assertThat(this.accounts.setDisplayName(this.kim.id(), " ").displayName()).isNull();
		assertThatExceptionOfType(AccountException.class)
			.isThrownBy(() -> this.accounts.setDisplayName(this.kim.id(), "x".repeat(201)));
		assertThatExceptionOfType(AccountException.class)
			.isThrownBy(() -> this.accounts.setDisplayName(this.kim.id(), "line\nbreak"));
		assertThatExceptionOfType(AccountException.class).isThrownBy(() -> this.accounts.setDisplayName(-1, "x"));
	}

	private void setLastUsed(long id, Instant when) {
		this.jdbc.sql("update api_tokens set last_used_at = :when where id = :id")
			.param("when", Timestamp.from(when))
			.param("id", id)
			.update();
	}

	private Instant lastUsed(long id) {
		return this.jdbc.sql("select last_used_at from api_tokens where id = :id")
			.param("id", id)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

}
