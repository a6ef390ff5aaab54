package dev.mailroom.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Domains, users and aliases: the account module's facade. */
@Service
public class AccountService {

	/** Passwords shorter than this are refused; long passphrases are welcome. */
	public static final int MIN_PASSWORD_LENGTH = 8;

	/** The longest display name accepted. */
	public static final int MAX_DISPLAY_NAME_LENGTH = 200;

	private final DomainRepository domains;

	private final UserRepository users;

	private final AliasRepository aliases;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final JdbcClient jdbc;

	private volatile DomainCache domainCache;

	static final Duration DOMAIN_CACHE_TTL = Duration.ofSeconds(30);

	static final Duration RECIPIENT_CACHE_TTL = Duration.ofSeconds(5);

	private static final int RECIPIENT_CACHE_SIZE = 10_000;

	private final Map<String, CachedRecipient> recipientCache = new ConcurrentHashMap<>();

	AccountService(DomainRepository domains, UserRepository users, AliasRepository aliases,
			PasswordEncoder passwordEncoder, ApplicationEventPublisher events, Optional<Clock> clock, JdbcClient jdbc) {
		this.domains = domains;
		this.users = users;
		this.aliases = aliases;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
		this.jdbc = jdbc;
	}

	@Transactional
	public DomainView createDomain(String name) {
		String normalized = EmailAddress.normalizeDomain(name);
		if (this.domains.existsByName(normalized)) {
			throw AccountException.duplicate("Domain " + normalized + " exists already");
		}
		DomainView created = toView(this.domains.save(new Domain(normalized, now())));
		accountsChanged();
		return created;
	}

	@Transactional(readOnly = true)
	public List<DomainView> listDomains() {
		return this.domains.findAllByOrderByNameAsc().stream().map(AccountService::toView).toList();
	}

	/**
	 * Whether mail for this domain is ours. Asked for every SMTP recipient, so the
	 * (short) list of domains is cached: changes made here show at once, changes by
	 * another instance within {@link #DOMAIN_CACHE_TTL}.
	 */
	public boolean isLocalDomain(String name) {
		String normalized;
		try {
			normalized = EmailAddress.normalizeDomain(name);
		}
		catch (AccountException ex) {
			return false;
		}
		DomainCache cache = this.domainCache;
		if (cache == null || cache.loadedAt().plus(DOMAIN_CACHE_TTL).isBefore(this.clock.instant())) {
			cache = new DomainCache(Set.copyOf(this.jdbc.sql("select name from domains").query(String.class).list()),
					this.clock.instant());
			this.domainCache = cache;
		}
		return cache.names().contains(normalized);
	}

	private record DomainCache(Set<String> names, Instant loadedAt) {
	}

	/**
	 * Forgets cached domains and recipients now and again after the surrounding
	 * transaction ends (a lookup in between may have cached the old state).
	 */
	private void accountsChanged() {
		forgetCaches();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forgetCaches();
				}
			});
		}
	}

	private void forgetCaches() {
		this.domainCache = null;
		this.recipientCache.clear();
	}

	/** Deletes a domain that no user or alias uses any more. */
	@Transactional
	public void deleteDomain(String name) {
		Domain domain = requireDomain(EmailAddress.normalizeDomain(name));
		if (this.users.countByDomain(domain) > 0 || this.aliases.countByDomain(domain) > 0) {
			throw new AccountException(AccountException.Reason.IN_USE,
					"Domain " + domain.getName() + " still has users or aliases");
		}
		this.domains.delete(domain);
		accountsChanged();
	}

	/**
	 * Creates a user in a local domain, with the standard folders (created by the mailbox
	 * module in the same transaction).
	 */
	@Transactional
	public UserAccount createUser(String email, String password, String displayName, boolean admin) {
		EmailAddress address = EmailAddress.parse(email);
		Domain domain = this.domains.findByName(address.domain())
			.orElseThrow(() -> AccountException.invalid(address.domain() + " is not a local domain"));
		requireUnused(address.toString());
		User user = this.users
			.save(new User(address.toString(), domain, normalizeName(displayName), encode(password), admin, 0, now()));
		this.events.publishEvent(new UserCreated(user.getId(), user.getEmail()));
		accountsChanged();
		return user.toAccount();
	}

	@Transactional(readOnly = true)
	public List<UserAccount> listUsers() {
		return this.users.findAllByOrderByEmailAsc().stream().map(User::toAccount).toList();
	}

	@Transactional(readOnly = true)
	public Optional<UserAccount> findUser(String email) {
		return normalizedOrEmpty(email).flatMap(this.users::findByEmail).map(User::toAccount);
	}

	@Transactional(readOnly = true)
	public Optional<UserAccount> findUser(long id) {
		return this.users.findById(id).map(User::toAccount);
	}

	/**
	 * The user an address delivers to: a user's own address or one of their aliases. Mail
	 * to {@code postmaster} of a local domain that has no such user or alias goes to the
	 * first administrator, since RFC 5321 section 4.5.1 requires every domain to accept
	 * it.
	 */
	public Optional<UserAccount> resolveRecipient(String address) {
		Optional<String> normalized = normalizedOrEmpty(address);
		if (normalized.isEmpty()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		CachedRecipient cached = this.recipientCache.get(normalized.get());
		if (cached != null && cached.expires().isAfter(now)) {
			return cached.user();
		}
		Optional<UserAccount> user = lookUpRecipient(normalized.get());
		if (this.recipientCache.size() >= RECIPIENT_CACHE_SIZE) {
			this.recipientCache.clear();
		}
		this.recipientCache.put(normalized.get(), new CachedRecipient(user, now.plus(RECIPIENT_CACHE_TTL)));
		return user;
	}

	/**
	 * Looked up for every SMTP recipient, twice (at RCPT and when storing), so answers
	 * are kept for a few seconds: changes made here show at once, changes by another
	 * instance within {@link #RECIPIENT_CACHE_TTL}.
	 */
	private record CachedRecipient(Optional<UserAccount> user, Instant expires) {
	}

	private Optional<UserAccount> lookUpRecipient(String address) {
		// One statement, no transaction.
		Optional<UserAccount> user = this.jdbc.sql("""
				select u.id, u.email, u.display_name, u.admin, u.quota_bytes, u.created_at from users u
				where u.email = :address
				union all
				select u.id, u.email, u.display_name, u.admin, u.quota_bytes, u.created_at
				from aliases a join users u on u.id = a.user_id where a.email = :address
				limit 1
				""").param("address", address).query(AccountService::toAccount).optional();
		if (user.isEmpty() && isLocalPostmaster(address)) {
			return this.users.findFirstByAdminTrueOrderByIdAsc().map(User::toAccount);
		}
		return user;
	}

	/**
	 * Whether the user may use this address as a sender: their own address or an alias of
	 * theirs.
	 */
	public boolean owns(long userId, String address) {
		return resolveRecipient(address).map((user) -> user.id() == userId).orElse(false);
	}

	private boolean isLocalPostmaster(String address) {
		int at = address.lastIndexOf('@');
		return address.substring(0, at).equals("postmaster") && isLocalDomain(address.substring(at + 1));
	}

	private static UserAccount toAccount(ResultSet rs, int row) throws SQLException {
		return new UserAccount(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"),
				rs.getBoolean("admin"), rs.getLong("quota_bytes"), rs.getTimestamp("created_at").toInstant());
	}

	@Transactional
	public void deleteUser(String email) {
		User user = requireUser(email);
		this.events.publishEvent(new UserDeleted(user.getId(), user.getEmail()));
		this.users.delete(user);
		accountsChanged();
	}

	@Transactional
	public void setPassword(String email, String password) {
		requireUser(email).setPasswordHash(encode(password));
	}

	/**
	 * Changes the name shown with the user's address; blank removes it.
	 * @throws AccountException {@code INVALID} for control characters or more than
	 * {@value #MAX_DISPLAY_NAME_LENGTH} characters, {@code NOT_FOUND} for no such user
	 */
	@Transactional
	public UserAccount setDisplayName(long userId, String name) {
		User user = this.users.findById(userId).orElseThrow(() -> AccountException.notFound("No user " + userId));
		user.setDisplayName(normalizeName(name));
		accountsChanged();
		return user.toAccount();
	}

	@Transactional
	public AliasView addAlias(String alias, String userEmail) {
		EmailAddress address = EmailAddress.parse(alias);
		Domain domain = this.domains.findByName(address.domain())
			.orElseThrow(() -> AccountException.invalid(address.domain() + " is not a local domain"));
		User user = requireUser(userEmail);
		requireUnused(address.toString());
		AliasView created = this.aliases.save(new Alias(address.toString(), domain, user, now())).toView();
		accountsChanged();
		return created;
	}

	@Transactional
	public void removeAlias(String alias) {
		String normalized = EmailAddress.parse(alias).toString();
		this.aliases.delete(this.aliases.findByEmail(normalized)
			.orElseThrow(() -> AccountException.notFound("No alias " + normalized)));
		accountsChanged();
	}

	@Transactional(readOnly = true)
	public List<AliasView> listAliases() {
		return this.aliases.findAllByOrderByEmailAsc().stream().map(Alias::toView).toList();
	}

	@Transactional(readOnly = true)
	boolean hasAdmin() {
		return this.users.existsByAdminTrue();
	}

	private void requireUnused(String address) {
		if (this.users.existsByEmail(address) || this.aliases.existsByEmail(address)) {
			throw AccountException.duplicate(address + " is taken by a user or an alias");
		}
	}

	private Domain requireDomain(String name) {
		return this.domains.findByName(name).orElseThrow(() -> AccountException.notFound("No domain " + name));
	}

	private User requireUser(String email) {
		String normalized = EmailAddress.parse(email).toString();
		return this.users.findByEmail(normalized).orElseThrow(() -> AccountException.notFound("No user " + normalized));
	}

	private String encode(String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw AccountException.invalid("A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		return this.passwordEncoder.encode(password);
	}

	private static Optional<String> normalizedOrEmpty(String email) {
		try {
			return Optional.of(EmailAddress.parse(email).toString());
		}
		catch (AccountException ex) {
			return Optional.empty();
		}
	}

	private static String normalizeName(String displayName) {
		if (displayName == null || displayName.isBlank()) {
			return null;
		}
		if (displayName.chars().anyMatch(Character::isISOControl)) {
			throw AccountException.invalid("A display name cannot contain control characters");
		}
		String stripped = displayName.strip();
		if (stripped.length() > MAX_DISPLAY_NAME_LENGTH) {
			throw AccountException
				.invalid("A display name can have at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
		}
		return stripped;
	}

	private Instant now() {
		// PostgreSQL keeps microseconds; truncating here makes what we return
		// equal what we read back.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static DomainView toView(Domain domain) {
		return new DomainView(domain.getName(), domain.getCreatedAt());
	}

}
