package dev.mailroom.net;

import org.springframework.stereotype.Component;

/**
 * The name this server answers to ({@code mailroom.hostname}): protocol greetings,
 * Received headers and the generated certificate all use it.
 */
@Component
public class ServerIdentity {

	private final String hostname;

	ServerIdentity(NetProperties properties) {
		this.hostname = properties.hostname();
	}

	public String hostname() {
		return this.hostname;
	}

}
