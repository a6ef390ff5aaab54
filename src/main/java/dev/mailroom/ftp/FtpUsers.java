package dev.mailroom.ftp;

import java.net.InetAddress;
import java.util.Locale;

import dev.mailroom.account.Authenticator;
import dev.mailroom.account.LoginThrottledException;
import dev.mailroom.account.UserAccount;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;

/**
 * FTP logins: a mail address (or alias) and its password through the one
 * {@link Authenticator} every protocol uses, so failed FTP logins count and are throttled
 * with those of every other protocol. {@code anonymous} and {@code ftp} log in
 * anonymously, with any password, only when anonymous access is on. Users cannot be
 * listed, saved or deleted over FTP.
 */
class FtpUsers implements UserManager {

	private final Authenticator authenticator;

	private final boolean anonymousEnabled;

	FtpUsers(Authenticator authenticator, boolean anonymousEnabled) {
		this.authenticator = authenticator;
		this.anonymousEnabled = anonymousEnabled;
	}

	static boolean isAnonymousName(String login) {
		String name = (login != null) ? login.strip().toLowerCase(Locale.ROOT) : "";
		return name.equals(ANONYMOUS) || name.equals("ftp");
	}

	@Override
	public User authenticate(Authentication authentication) throws AuthenticationFailedException {
		if (authentication instanceof AnonymousAuthentication) {
			if (this.anonymousEnabled) {
				return FtpAccount.anonymous();
			}
			throw new AuthenticationFailedException("Anonymous access is off");
		}
		if (!(authentication instanceof UsernamePasswordAuthentication login)) {
			throw new AuthenticationFailedException("Unsupported authentication");
		}
		if (isAnonymousName(login.getUsername()) && this.anonymousEnabled) {
			return FtpAccount.anonymous();
		}
		InetAddress address = (login.getUserMetadata() != null) ? login.getUserMetadata().getInetAddress() : null;
		String client = (address != null) ? address.getHostAddress() : null;
		try {
			UserAccount account = this.authenticator.authenticate(login.getUsername(), login.getPassword(), client)
				.orElseThrow(() -> new AuthenticationFailedException("Wrong login or password"));
			return new FtpAccount(account.id(), account.email());
		}
		catch (LoginThrottledException ex) {
			throw new AuthenticationFailedException(ex.getMessage());
		}
	}

	@Override
	public User getUserByName(String username) throws FtpException {
		return null;
	}

	@Override
	public String[] getAllUserNames() {
		return new String[0];
	}

	@Override
	public void delete(String username) throws FtpException {
		throw new FtpException("Users are managed by Mailroom");
	}

	@Override
	public void save(User user) throws FtpException {
		throw new FtpException("Users are managed by Mailroom");
	}

	@Override
	public boolean doesExist(String username) {
		// Never tell which addresses exist.
		return false;
	}

	@Override
	public String getAdminName() {
		return null;
	}

	@Override
	public boolean isAdmin(String username) {
		return false;
	}

}
