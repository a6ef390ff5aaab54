package dev.mailroom.account;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks an address and password; every protocol (web, REST, SMTP AUTH, POP3, IMAP, FTP)
 * logs in through here so they all accept the same credentials, aliases included.
 */
@Component
public class Authenticator {

	private final UserRepository users;

	private final AliasRepository aliases;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	// Compared against when the user does not exist, so a miss costs as
	// much time as a wrong password and response times do not reveal which
	// addresses exist.
	private final String dummyHash;

	private final TransactionTemplate lookups;

	Authenticator(UserRepository users, AliasRepository aliases, PasswordEncoder passwordEncoder,
			LoginThrottle throttle, PlatformTransactionManager transactionManager) {
		this.users = users;
		this.aliases = aliases;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.dummyHash = passwordEncoder.encode("not-a-password-of-anyone");
		this.lookups = new TransactionTemplate(transactionManager);
		this.lookups.setReadOnly(true);
	}

	/** A user as found for a login, detached from the persistence context. */
	private record Candidate(String hash, UserAccount account) {
	}

	/**
	 * The user whose address (or alias) and password these are, or empty.
	 * @param client the client's IP address for throttling, or null when unknown
	 * @throws LoginThrottledException when too many recent attempts for the address or
	 * from the client failed; the password is not checked then
	 */
	public Optional<UserAccount> authenticate(String login, String password, String client) {
		Duration wait = this.throttle.waitBefore(login, client);
		if (!wait.isZero()) {
			throw new LoginThrottledException(wait);
		}
		// The user is read in a short transaction of its own; the hash is checked after
		// it, so a login does not hold a pooled connection through the slow bcrypt check.
		Optional<Candidate> user = this.lookups.execute(
				(status) -> findUser(login).map((found) -> new Candidate(found.getPasswordHash(), found.toAccount())));
		String hash = user.map(Candidate::hash).orElse(this.dummyHash);
		boolean matches = password != null && this.passwordEncoder.matches(password, hash);
		if (!matches) {
			this.throttle.failed(login, client);
			return Optional.empty();
		}
		this.throttle.succeeded(login);
		return user.map(Candidate::account);
	}

	@Transactional(readOnly = true)
	Optional<User> findUser(String login) {
		String address;
		try {
			address = EmailAddress.parse(login).toString();
		}
		catch (AccountException ex) {
			return Optional.empty();
		}
		return this.users.findByEmail(address).or(() -> this.aliases.findByEmail(address).map(Alias::getUser));
	}

}
