package dev.mailroom.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.Authenticator;
import dev.mailroom.delivery.SubmissionService;
import dev.mailroom.net.LineServer;
import dev.mailroom.net.ListenerSettings;
import dev.mailroom.net.ServerIdentity;
import dev.mailroom.net.TlsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the SMTP listeners with the application and stops them gracefully: no new
 * connections, sessions in DATA may finish within {@code stop-grace}, then everything
 * closes.
 */
@Component
class SmtpServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

	private final SmtpProperties properties;

	private final SmtpServices services;

	private final TlsProvider tls;

	private final Map<Listener, LineServer> running = new EnumMap<>(Listener.class);

	SmtpServer(SmtpProperties properties, TlsProvider tls, ServerIdentity identity, AccountService accounts,
			Authenticator authenticator, SubmissionService submissions) {
		this.properties = properties;
		this.tls = tls;
		this.services = new SmtpServices(properties, identity.hostname(), accounts, authenticator, submissions);
	}

	@Override
	public synchronized void start() {
		start(Listener.MX, this.properties.port());
		start(Listener.SUBMISSION, this.properties.submissionPort());
		start(Listener.SMTPS, this.properties.smtpsPort());
	}

	private void start(Listener listener, int port) {
		if (port < 0) {
			return;
		}
		ListenerSettings settings = new ListenerSettings("smtp-" + listener.name().toLowerCase(java.util.Locale.ROOT),
				this.properties.bindAddress(), port, listener.implicitTls(), this.properties.maxConnections(),
				this.properties.maxConnectionsPerClient(), this.properties.idleTimeout(),
				SmtpProperties.MAX_COMMAND_LINE, this.properties.stopGrace());
		LineServer server = new LineServer(settings, new SmtpSessionHandler(listener, this.services), this.tls);
		try {
			server.start();
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not listen for SMTP (" + listener + ") on port " + port, ex);
		}
		this.running.put(listener, server);
		log.info("SMTP {} listening on {}:{}", listener, this.properties.bindAddress(), server.port());
	}

	@Override
	public synchronized void stop() {
		this.running.values().forEach(LineServer::stop);
		this.running.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.running.isEmpty();
	}

	/** The bound port of a listener, or -1 when it is off. */
	synchronized int port(Listener listener) {
		LineServer server = this.running.get(listener);
		return (server != null) ? server.port() : -1;
	}

	/** Sessions open on all listeners. */
	synchronized int activeConnections() {
		return this.running.values().stream().mapToInt(LineServer::activeConnections).sum();
	}

	String hostname() {
		return this.services.hostname();
	}

}
