package dev.mailroom.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.FolderFiles;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;
import dev.mailroom.mime.MimeParser;
import dev.mailroom.net.TlsProvider;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Starts the FTP server with the application and stops it with it (a new Apache FtpServer
 * each start, since a stopped one cannot start again).
 */
@Component
class FtpService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FtpService.class);

	private static final String LISTENER = "default";

	private FtpProperties properties;

	private final Authenticator authenticator;

	private final TlsProvider tls;

	private final FtpMailboxes mailboxes;

	private FtpServer server;

	private FtpGuard guard;

	FtpService(FtpProperties properties, Authenticator authenticator, TlsProvider tls, MailboxService mailboxService,
			MessageService messageService, MessageStore messageStore, FolderFiles folderFiles,
			@Value("${mailroom.data-dir:./data}") Path dataDir,
			@Value("${mailroom.smtp.max-message-size:25MB}") DataSize maxMessageSize) {
		this.properties = properties;
		this.authenticator = authenticator;
		this.tls = tls;
		this.mailboxes = new FtpMailboxes(mailboxService, messageService, messageStore, folderFiles, new MimeParser(),
				pubRoot(properties.pubDir()), dataDir.resolve("spool").resolve("ftp").toAbsolutePath().normalize(),
				maxMessageSize.toBytes());
	}

	/**
	 * The real path of the published directory, made when missing; null when it cannot be
	 * made (then {@code /pub} is empty).
	 */
	private static Path pubRoot(Path pubDir) {
		try {
			Files.createDirectories(pubDir);
			return pubDir.toRealPath();
		}
		catch (IOException ex) {
			log.warn("FTP /pub directory {} is not usable: {}", pubDir, ex.toString());
			return null;
		}
	}

	@Override
	public synchronized void start() {
		if (!this.properties.enabled() || this.server != null) {
			return;
		}
		int idleSeconds = (int) Math.max(1, this.properties.idleTimeout().toSeconds());

		DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
		data.setPassivePorts(this.properties.passivePorts());
		if (StringUtils.hasText(this.properties.passiveExternalAddress())) {
			data.setPassiveExternalAddress(this.properties.passiveExternalAddress());
		}
		// Active data connections go from the control connection's local address, and
		// only to the client itself (no FTP bounce, CVE-1999-0017); passive ones are
		// accepted only from the client.
		data.setActiveEnabled(true);
		data.setActiveIpCheck(true);
		data.setPassiveIpCheck(true);
		data.setIdleTime(idleSeconds);

		ListenerFactory listener = new ListenerFactory();
		listener.setPort(this.properties.port());
		if (StringUtils.hasText(this.properties.bindAddress())) {
			listener.setServerAddress(this.properties.bindAddress());
		}
		listener.setIdleTimeout(idleSeconds);
		listener.setImplicitSsl(false);
		listener.setSslConfiguration(new FtpTls(this.tls));
		listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());

		ConnectionConfigFactory connections = new ConnectionConfigFactory();
		connections.setAnonymousLoginEnabled(this.properties.anonymous().enabled());
		connections.setMaxAnonymousLogins(this.properties.maxConnections());
		connections.setMaxLogins(this.properties.maxConnections());
		connections.setMaxLoginFailures(this.properties.maxLoginFailures());
		connections.setLoginFailureDelay((int) this.properties.loginFailureDelay().toMillis());

		CommandFactoryFactory commands = new CommandFactoryFactory();
		StorCommand stor = new StorCommand(this.mailboxes);
		commands.addCommand("STOR", stor);
		commands.addCommand("STOU", stor);
		commands.addCommand("APPE", stor);

		this.guard = new FtpGuard(this.properties.maxConnections(), this.properties.maxConnectionsPerClient(),
				this.properties.requireTls());

		FtpServerFactory factory = new FtpServerFactory();
		factory.addListener(LISTENER, listener.createListener());
		factory.setConnectionConfig(connections.createConnectionConfig());
		factory.setUserManager(new FtpUsers(this.authenticator, this.properties.anonymous().enabled()));
		factory.setFileSystem(new MailFileSystem(this.mailboxes));
		factory.setCommandFactory(commands.createCommandFactory());
		Map<String, Ftplet> ftplets = new LinkedHashMap<>();
		ftplets.put("guard", this.guard);
		factory.setFtplets(ftplets);

		FtpServer created = factory.createServer();
		try {
			created.start();
		}
		catch (FtpException | RuntimeException ex) {
			created.stop();
			throw new IllegalStateException("Could not start FTP on port " + this.properties.port(), ex);
		}
		this.server = created;
		log.info("FTP listening on {}:{} (passive ports {}{})",
				StringUtils.hasText(this.properties.bindAddress()) ? this.properties.bindAddress() : "*", port(),
				this.properties.passivePorts(), this.properties.anonymous().enabled() ? ", anonymous /pub" : "");
	}

	@Override
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop();
			this.server = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Restarts the server with other settings (tests of the strict settings share the
	 * application context of the others).
	 */
	synchronized void restart(FtpProperties settings) {
		stop();
		this.properties = settings;
		start();
	}

	synchronized FtpProperties properties() {
		return this.properties;
	}

	/** The bound control port, or -1 when the server is not running. */
	synchronized int port() {
		if (this.server == null) {
			return -1;
		}
		Listener listener = ((org.apache.ftpserver.impl.DefaultFtpServer) this.server).getListener(LISTENER);
		return listener.getPort();
	}

	/** The directory shown as {@code /pub}, null when it is not usable. */
	Path pubRoot() {
		return this.mailboxes.pubRoot();
	}

	/** Open control connections. */
	synchronized int connections() {
		return (this.guard != null) ? this.guard.connections() : 0;
	}

}
