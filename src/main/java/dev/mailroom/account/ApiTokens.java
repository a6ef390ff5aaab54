package dev.mailroom.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens for the REST API, created by users in the webmail's settings.
 *
 * <p>
 * A token is {@value #PREFIX} followed by 256 random bits in URL-safe base64 (43
 * characters); the prefix lets secret scanners and people recognise one. Only its SHA-256
 * is stored, so a copy of the database gives no usable token, and a token is found by
 * that hash: the secret itself is never compared character by character, so response
 * times tell nothing about it. Revoked tokens stay in the table (marked) but no longer
 * authenticate.
 */
@Service
public class ApiTokens {

	/** What every token starts with. */
	public static final String PREFIX = "mr_";

	/** How many characters after {@link #PREFIX} lists show. */
	static final int SHOWN_CHARACTERS = 8;

	/** The longest token name accepted. */
	public static final int MAX_NAME_LENGTH = 100;

	/**
	 * How often {@code last_used_at} is written at most, so busy clients cost no writes.
	 */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	private static final int TOKEN_BYTES = 32;

	private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(JdbcClient jdbc, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Creates a token for the user. The result is the only place its secret ever appears.
	 * @throws AccountException {@code INVALID} for a blank name, one longer than
	 * {@value #MAX_NAME_LENGTH} characters or with control characters; {@code NOT_FOUND}
	 * for no such user
	 */
	@Transactional
	public CreatedToken create(long userId, String name) {
		String cleanName = cleanName(name);
		byte[] secret = new byte[TOKEN_BYTES];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		String prefix = token.substring(PREFIX.length(), PREFIX.length() + SHOWN_CHARACTERS);
		Instant now = now();
		boolean userExists = this.jdbc.sql("select exists (select 1 from users where id = :user)")
			.param("user", userId)
			.query(Boolean.class)
			.single();
		if (!userExists) {
			throw AccountException.notFound("No user " + userId);
		}
		long id = this.jdbc.sql("""
				insert into api_tokens (user_id, name, token_hash, token_prefix, created_at)
				values (:user, :name, :hash, :prefix, :now)
				returning id
				""")
			.param("user", userId)
			.param("name", cleanName)
			.param("hash", hash(token))
			.param("prefix", prefix)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
		return new CreatedToken(id, cleanName, token, prefix, now);
	}

	/** The user's tokens that still work, newest first. */
	@Transactional(readOnly = true)
	public List<ApiTokenView> list(long userId) {
		return this.jdbc.sql("""
				select id, name, token_prefix, created_at, last_used_at from api_tokens
				where user_id = :user and revoked_at is null
				order by created_at desc, id desc
				""")
			.param("user", userId)
			.query((rs, row) -> new ApiTokenView(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"),
					rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at"))))
			.list();
	}

	/**
	 * Revokes one of the user's own tokens.
	 * @return false when the user has no such working token (someone else's token counts
	 * as none)
	 */
	@Transactional
	public boolean revoke(long userId, long tokenId) {
		return this.jdbc.sql("""
				update api_tokens set revoked_at = :now
				where id = :id and user_id = :user and revoked_at is null
				""").param("now", Timestamp.from(now())).param("id", tokenId).param("user", userId).update() > 0;
	}

	/**
	 * The user a token belongs to, empty for anything that is not a working token.
	 * Records the use, at most once every {@link #LAST_USED_PRECISION}.
	 */
	@Transactional
	public Optional<UserAccount> authenticate(String token) {
		if (token == null || !FORMAT.matcher(token).matches()) {
			return Optional.empty();
		}
		Optional<Found> found = this.jdbc.sql("""
				select t.id as token_id, t.last_used_at,
				  u.id, u.email, u.display_name, u.admin, u.quota_bytes, u.created_at
				from api_tokens t join users u on u.id = t.user_id
				where t.token_hash = :hash and t.revoked_at is null
				""")
			.param("hash", hash(token))
			.query((rs, row) -> new Found(rs.getLong("token_id"), instant(rs.getTimestamp("last_used_at")),
					new UserAccount(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
							rs.getBoolean("admin"), rs.getLong("quota_bytes"),
							rs.getTimestamp("created_at").toInstant())))
			.optional();
		found.ifPresent(this::recordUse);
		return found.map(Found::user);
	}

	private record Found(long tokenId, Instant lastUsedAt, UserAccount user) {
	}

	private void recordUse(Found found) {
		Instant now = now();
		if (found.lastUsedAt() != null && found.lastUsedAt().plus(LAST_USED_PRECISION).isAfter(now)) {
			return;
		}
		// The condition again in SQL, so concurrent requests write once.
		this.jdbc.sql("""
				update api_tokens set last_used_at = :now
				where id = :id and (last_used_at is null or last_used_at <= :stale)
				""")
			.param("now", Timestamp.from(now))
			.param("stale", Timestamp.from(now.minus(LAST_USED_PRECISION)))
			.param("id", found.tokenId())
			.update();
	}

	private static String cleanName(String name) {
		String stripped = (name != null) ? name.strip() : "";
		if (stripped.isEmpty()) {
			throw AccountException.invalid("A token needs a name");
		}
		if (stripped.length() > MAX_NAME_LENGTH) {
			throw AccountException.invalid("A token name can have at most " + MAX_NAME_LENGTH + " characters");
		}
		if (stripped.chars().anyMatch(Character::isISOControl)) {
			throw AccountException.invalid("A token name cannot contain control characters");
		}
		return stripped;
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java has SHA-256", ex);
		}
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
