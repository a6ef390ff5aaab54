package dev.mailroom.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Domains, users and aliases: the account module's facade. */
@Service
public class AccountService {

	/** Passwords shorter than this are refused; long passphrases are welcome. */
	public static final int MIN_PASSWORD_LENGTH = 8;

	private final DomainRepository domains;

	private final UserRepository users;

	private final AliasRepository aliases;

	private final PasswordEncoder passwordEncoder;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AccountService(DomainRepository domains, UserRepository users, AliasRepository aliases,
			PasswordEncoder passwordEncoder, ApplicationEventPublisher events, Optional<Clock> clock) {
		this.domains = domains;
		this.users = users;
		this.aliases = aliases;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Transactional
	public DomainView createDomain(String name) {
		String normalized = EmailAddress.normalizeDomain(name);
		if (this.domains.existsByName(normalized)) {
			throw AccountException.duplicate("Domain " + normalized + " exists already");
		}
		return toView(this.domains.save(new Domain(normalized, now())));
	}

	@Transactional(readOnly = true)
	public List<DomainView> listDomains() {
		return this.domains.findAllByOrderByNameAsc().stream().map(AccountService::toView).toList();
	}

	@Transactional(readOnly = true)
	public boolean isLocalDomain(String name) {
		try {
			return this.domains.existsByName(EmailAddress.normalizeDomain(name));
		}
		catch (AccountException ex) {
			return false;
		}
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
	@Transactional(readOnly = true)
	public Optional<UserAccount> resolveRecipient(String address) {
		Optional<String> normalized = normalizedOrEmpty(address);
		return normalized.flatMap(this.users::findByEmail)
			.or(() -> normalized.flatMap(this.aliases::findByEmail).map(Alias::getUser))
			.or(() -> normalized.filter(this::isLocalPostmaster)
				.flatMap((a) -> this.users.findFirstByAdminTrueOrderByIdAsc()))
			.map(User::toAccount);
	}

	/**
	 * Whether the user may use this address as a sender: their own address or an alias of
	 * theirs.
	 */
	@Transactional(readOnly = true)
	public boolean owns(long userId, String address) {
		return resolveRecipient(address).map((user) -> user.id() == userId).orElse(false);
	}

	private boolean isLocalPostmaster(String address) {
		int at = address.lastIndexOf('@');
		return address.substring(0, at).equals("postmaster") && this.domains.existsByName(address.substring(at + 1));
	}

	@Transactional
	public void deleteUser(String email) {
		User user = requireUser(email);
		this.events.publishEvent(new UserDeleted(user.getId(), user.getEmail()));
		this.users.delete(user);
	}

	@Transactional
	public void setPassword(String email, String password) {
		requireUser(email).setPasswordHash(encode(password));
	}

	@Transactional
	public AliasView addAlias(String alias, String userEmail) {
		EmailAddress address = EmailAddress.parse(alias);
		Domain domain = this.domains.findByName(address.domain())
			.orElseThrow(() -> AccountException.invalid(address.domain() + " is not a local domain"));
		User user = requireUser(userEmail);
		requireUnused(address.toString());
		return this.aliases.save(new Alias(address.toString(), domain, user, now())).toView();
	}

	@Transactional
	public void removeAlias(String alias) {
		String normalized = EmailAddress.parse(alias).toString();
		this.aliases.delete(this.aliases.findByEmail(normalized)
			.orElseThrow(() -> AccountException.notFound("No alias " + normalized)));
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
		return displayName.strip();
	}

	private Instant now() {
		// PostgreSQL keeps microseconds; truncating here makes what we return equal what
		// we read back.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static DomainView toView(Domain domain) {
		return new DomainView(domain.getName(), domain.getCreatedAt());
	}

}
