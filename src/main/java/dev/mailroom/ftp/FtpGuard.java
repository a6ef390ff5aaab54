package dev.mailroom.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;

/**
 * Rules FtpServer does not have: connection limits in total and per client address (421
 * and closed), and with {@code require-tls} no password login before AUTH TLS and no data
 * transfer of a logged-in user before PROT P.
 */
final class FtpGuard extends DefaultFtplet {

	private static final String COUNTED = FtpGuard.class.getName() + ".counted";

	private static final Set<String> DATA_COMMANDS = Set.of("RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD");

	private final int maxConnections;

	private final int maxConnectionsPerClient;

	private final boolean requireTls;

	private final AtomicInteger connections = new AtomicInteger();

	private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

	FtpGuard(int maxConnections, int maxConnectionsPerClient, boolean requireTls) {
		this.maxConnections = maxConnections;
		this.maxConnectionsPerClient = maxConnectionsPerClient;
		this.requireTls = requireTls;
	}

	@Override
	public FtpletResult onConnect(FtpSession session) throws FtpException, IOException {
		InetAddress client = address(session);
		int total = this.connections.incrementAndGet();
		int fromClient = (client != null)
				? this.perClient.computeIfAbsent(client, (key) -> new AtomicInteger()).incrementAndGet() : 0;
		session.setAttribute(COUNTED, Boolean.TRUE);
		if (total > this.maxConnections) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
					"Too many connections; try again later"));
			return FtpletResult.DISCONNECT;
		}
		if (fromClient > this.maxConnectionsPerClient) {
			session.write(new DefaultFtpReply(FtpReply.REPLY_421_SERVICE_NOT_AVAILABLE_CLOSING_CONTROL_CONNECTION,
					"Too many connections from your address; try again later"));
			return FtpletResult.DISCONNECT;
		}
		return FtpletResult.DEFAULT;
	}

	@Override
	public FtpletResult onDisconnect(FtpSession session) {
		if (session.getAttribute(COUNTED) == null) {
			return FtpletResult.DEFAULT;
		}
		session.removeAttribute(COUNTED);
		this.connections.decrementAndGet();
		InetAddress client = address(session);
		if (client != null) {
			this.perClient.computeIfPresent(client, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
		}
		return FtpletResult.DEFAULT;
	}

	@Override
	public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
		if (!this.requireTls) {
			return FtpletResult.DEFAULT;
		}
		String command = request.getCommand().toUpperCase(Locale.ROOT);
		if ((command.equals("USER") || command.equals("PASS")) && !session.isSecure()) {
			String login = command.equals("USER") ? request.getArgument() : session.getUserArgument();
			if (!FtpUsers.isAnonymousName(login)) {
				session.write(new DefaultFtpReply(FtpReply.REPLY_530_NOT_LOGGED_IN,
						"TLS required: use AUTH TLS before logging in"));
				return FtpletResult.SKIP;
			}
		}
		if (DATA_COMMANDS.contains(command) && session.isLoggedIn() && session.getUser() instanceof FtpAccount account
				&& !account.isAnonymous() && !session.getDataConnection().isSecure()) {
			session.write(new DefaultFtpReply(521, "Data connections must be protected: use PROT P"));
			return FtpletResult.SKIP;
		}
		return FtpletResult.DEFAULT;
	}

	/** Open control connections, for tests and metrics. */
	int connections() {
		return this.connections.get();
	}

	private static InetAddress address(FtpSession session) {
		InetSocketAddress client = session.getClientAddress();
		return (client != null) ? client.getAddress() : null;
	}

}
