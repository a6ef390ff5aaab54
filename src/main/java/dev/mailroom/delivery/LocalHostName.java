package dev.mailroom.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The name this server gives itself in EHLO, Message-IDs and bounces:
 * {@code mailroom.hostname}, else the machine's canonical host name (as the net module's
 * ServerIdentity decides it; delivery may not depend on net).
 */
@Component
class LocalHostName {

	private final String name;

	LocalHostName(@Value("${mailroom.hostname:}") String configured) {
		this.name = StringUtils.hasText(configured) ? configured : machineName();
	}

	String name() {
		return this.name;
	}

	private static String machineName() {
		try {
			return InetAddress.getLocalHost().getCanonicalHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
