package dev.mailroom.ftp;

import java.util.List;

import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.AuthorizationRequest;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginRequest;
import org.apache.ftpserver.usermanager.impl.TransferRateRequest;
import org.apache.ftpserver.usermanager.impl.WriteRequest;

/**
 * A logged-in FTP user: a Mailroom user, or anonymous. FtpServer asks it for permissions;
 * the file system itself decides what can be written where, so only anonymous is refused
 * every write here.
 *
 * @param userId the Mailroom user, null for anonymous
 * @param name the login as shown in listings and logs
 */
record FtpAccount(Long userId, String name) implements User {

	static FtpAccount anonymous() {
		return new FtpAccount(null, "anonymous");
	}

	boolean isAnonymous() {
		return this.userId == null;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getPassword() {
		return null;
	}

	@Override
	public List<? extends Authority> getAuthorities() {
		return List.of();
	}

	@Override
	public List<? extends Authority> getAuthorities(Class<? extends Authority> clazz) {
		return List.of();
	}

	@Override
	public AuthorizationRequest authorize(AuthorizationRequest request) {
		if (request instanceof WriteRequest) {
			return isAnonymous() ? null : request;
		}
		if (request instanceof TransferRateRequest || request instanceof ConcurrentLoginRequest) {
			// No rate limits and no per-user login limit beyond the connection limits.
			return request;
		}
		return null;
	}

	@Override
	public int getMaxIdleTime() {
		// The listener's idle timeout applies.
		return 0;
	}

	@Override
	public boolean getEnabled() {
		return true;
	}

	@Override
	public String getHomeDirectory() {
		return isAnonymous() ? "/pub" : "/";
	}

}
