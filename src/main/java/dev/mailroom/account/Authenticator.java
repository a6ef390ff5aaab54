package dev.mailroom.account;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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

	Authenticator(UserRepository users, AliasRepository aliases, PasswordEncoder passwordEncoder,
			LoginThrottle throttle) {
		this.users = users;
		this.aliases = aliases;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.dummyHash = passwordEncoder.encode("not-a-password-of-anyone");
	}

	/**
	 * The user whose address (or alias) and password these are, or empty.
	 * @param client the client's IP address for throttling, or null when unknown
	 * @throws LoginThrottledException when too many recent attempts for the address or
	 * from the client failed; the password is not checked then
	 */
	@Transactional(readOnly = true)
	public Optional<UserAccount> authenticate(String login, String password, String client) {
		Duration wait = this.throttle.waitBefore(login, client);
		if (!wait.isZero()) {
			throw new LoginThrottledException(wait);
		}
		Optional<User> user = findUser(login);
		String hash = user.map(User::getPasswordHash).orElse(this.dummyHash);
		boolean matches = password != null && this.passwordEncoder.matches(password, hash);
		if (!matches) {
			this.throttle.failed(login, client);
			return Optional.empty();
		}
		this.throttle.succeeded(login);
		return user.map(User::toAccount);
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
