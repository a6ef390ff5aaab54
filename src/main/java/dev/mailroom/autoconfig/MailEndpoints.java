package dev.mailroom.autoconfig;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.net.ServerIdentity;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The mail ports clients are told about, most secure first within each protocol: implicit
 * TLS (RFC 8314 recommends it) before STARTTLS.
 */
@Component
class MailEndpoints {

	enum Protocol {

		IMAP, POP3, SMTP

	}

	enum Security {

		/** TLS from the first byte. */
		IMPLICIT_TLS,
		/** STARTTLS (IMAP, SMTP) or STLS (POP3) before the login. */
		STARTTLS

	}

	record Endpoint(Protocol protocol, Security security, int port) {
	}

	private final String host;

	private final String displayName;

	private final List<Endpoint> endpoints;

	@Autowired
	MailEndpoints(AutoconfigProperties properties, ServerIdentity identity, Environment environment) {
		this(properties, identity.hostname(), environment);
	}

	MailEndpoints(AutoconfigProperties properties, String hostname, Environment environment) {
		this.host = StringUtils.hasText(properties.host()) ? properties.host().strip() : hostname;
		this.displayName = properties.displayName();
		List<Endpoint> list = new ArrayList<>();
		add(list, Protocol.IMAP, Security.IMPLICIT_TLS, properties.imapsPort(), environment, "mailroom.imap.imaps-port",
				1993, 993);
		add(list, Protocol.IMAP, Security.STARTTLS, properties.imapPort(), environment, "mailroom.imap.port", 1143,
				143);
		add(list, Protocol.POP3, Security.IMPLICIT_TLS, properties.pop3sPort(), environment, "mailroom.pop3.pop3s-port",
				1995, 995);
		add(list, Protocol.POP3, Security.STARTTLS, properties.pop3Port(), environment, "mailroom.pop3.port", 1110,
				110);
		add(list, Protocol.SMTP, Security.IMPLICIT_TLS, properties.smtpsPort(), environment, "mailroom.smtp.smtps-port",
				2465, 465);
		add(list, Protocol.SMTP, Security.STARTTLS, properties.submissionPort(), environment,
				"mailroom.smtp.submission-port", 2587, 587);
		this.endpoints = List.copyOf(list);
	}

	private static void add(List<Endpoint> list, Protocol protocol, Security security, Integer published,
			Environment environment, String listenerProperty, int listenerDefault, int standardPort) {
		int port;
		if (published != null) {
			port = published;
		}
		else {
			int listener = environment.getProperty(listenerProperty, Integer.class, listenerDefault);
			port = (listener == 0) ? standardPort : listener;
		}
		if (port > 0 && port <= 65535) {
			list.add(new Endpoint(protocol, security, port));
		}
	}

	String host() {
		return this.host;
	}

	String displayName() {
		return this.displayName;
	}

	List<Endpoint> all() {
		return this.endpoints;
	}

}
