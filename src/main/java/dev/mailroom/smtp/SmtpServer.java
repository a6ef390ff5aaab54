package dev.mailroom.smtp;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.Authenticator;
import dev.mailroom.delivery.SubmissionService;
import dev.mailroom.net.ListenerSettings;
import dev.mailroom.net.Listeners;
import dev.mailroom.net.ServerIdentity;
import dev.mailroom.net.TlsProvider;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the SMTP listeners with the application and stops them gracefully: no new
 * connections, sessions in DATA may finish within {@code stop-grace}, then everything
 * closes.
 */
@Component
class SmtpServer implements SmartLifecycle {

	private final SmtpProperties properties;

	private final SmtpServices services;

	private final Listeners<Listener> listeners;

	SmtpServer(SmtpProperties properties, TlsProvider tls, ServerIdentity identity, AccountService accounts,
			Authenticator authenticator, SubmissionService submissions) {
		this.properties = properties;
		this.listeners = new Listeners<>(tls);
		this.services = new SmtpServices(properties, identity.hostname(), accounts, authenticator, submissions);
	}

	@Override
	public void start() {
		start(Listener.MX, this.properties.port());
		start(Listener.SUBMISSION, this.properties.submissionPort());
		start(Listener.SMTPS, this.properties.smtpsPort());
	}

	private void start(Listener listener, int port) {
		if (port < 0) {
			return; // turned off
		}
		ListenerSettings settings = new ListenerSettings("smtp-" + listener.name().toLowerCase(java.util.Locale.ROOT),
				this.properties.bindAddress(), port, listener.implicitTls(), this.properties.maxConnections(),
				this.properties.maxConnectionsPerClient(), this.properties.idleTimeout(),
				SmtpProperties.MAX_COMMAND_LINE, this.properties.stopGrace());
		this.listeners.start(listener, settings, new SmtpSessionHandler(listener, this.services));
	}

	@Override
	public void stop() {
		this.listeners.stop();
	}

	@Override
	public boolean isRunning() {
		return this.listeners.isRunning();
	}

	/** The bound port of a listener, or -1 when it is off. */
	int port(Listener listener) {
		return this.listeners.port(listener);
	}

	/** Sessions open on all listeners. */
	int activeConnections() {
		return this.listeners.activeConnections();
	}

	String hostname() {
		return this.services.hostname();
	}

}
