package dev.mailroom.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound delivery settings, modelled on Postfix's.
 *
 * @param enabled whether queue workers run in this instance
 * @param relayHost a smarthost ({@code host} or {@code host:port}) that takes all
 * outbound mail, like Postfix's relayhost; unset to deliver by MX
 * @param relayUsername AUTH user for the relay host, if it wants one
 * @param relayPassword AUTH password for the relay host
 * @param routes per-domain next hops ({@code domain: host:port}), like Postfix's
 * transport_maps
 * @param dnsServers resolvers to ask for MX records ({@code host} or {@code host:port});
 * the system's when empty
 * @param port the SMTP port of remote servers
 * @param requireTlsDomains domains whose servers must offer STARTTLS, else delivery is
 * deferred
 * @param pollInterval how often workers look for due mail
 * @param batchSize how many queued recipients one poll claims
 * @param maxConnectionsPerDestination parallel connections to one destination domain (20,
 * as Postfix's default_destination_concurrency_limit)
 * @param retryIntervals waits between attempts; the last repeats until {@code maxAge}
 * @param maxAge how long a message is retried before it bounces
 * @param lease how long a claimed recipient is reserved for one worker; after that,
 * another worker may try it (a process killed mid-delivery)
 * @param connectTimeout TCP connect timeout
 * @param commandTimeout reply timeout for the greeting, MAIL and RCPT (RFC 5321 4.5.3.2:
 * 5 minutes)
 * @param dataTimeout reply timeout after the message data (RFC 5321 4.5.3.2.6: 10
 * minutes; the server may be filtering it). Angus Mail has one read timeout per
 * connection, so the longer of the two applies to every reply
 * @param dkimSigning sign mail from local domains with DKIM (off when a signer
 * downstream, such as the relay host, does it)
 */
@ConfigurationProperties("mailroom.delivery")
record DeliveryProperties(@DefaultValue("true") boolean enabled, String relayHost, String relayUsername,
		String relayPassword, Map<String, String> routes, List<String> dnsServers, @DefaultValue("25") int port,
		List<String> requireTlsDomains, @DefaultValue("5s") Duration pollInterval, @DefaultValue("200") int batchSize,
		@DefaultValue("20") int maxConnectionsPerDestination, @DefaultValue( {
				"1m", "5m", "15m", "30m", "1h", "2h", "4h" }) List<Duration> retryIntervals,
		@DefaultValue("5d") Duration maxAge, @DefaultValue("15m") Duration lease,
		@DefaultValue("30s") Duration connectTimeout, @DefaultValue("5m") Duration commandTimeout,
		@DefaultValue("10m") Duration dataTimeout, @DefaultValue("true") boolean dkimSigning){

	DeliveryProperties {
		routes = (routes != null) ? Map.copyOf(routes) : Map.of();
		dnsServers = (dnsServers != null) ? List.copyOf(dnsServers) : List.of();
		requireTlsDomains = (requireTlsDomains != null) ? List.copyOf(requireTlsDomains) : List.of();
	}

	/**
	 * The wait before attempt number {@code attempt + 1}, after {@code attempt} failed
	 * ones.
	 */
	Duration retryAfter(int attempt) {
		return this.retryIntervals.get(Math.min(Math.max(attempt, 1), this.retryIntervals.size()) - 1);
	}

	/**
	 * The read timeout for a connection: no reply may take longer than the longest
	 * allowed.
	 */
	Duration replyTimeout() {
		return (this.dataTimeout.compareTo(this.commandTimeout) > 0) ? this.dataTimeout : this.commandTimeout;
	}

	boolean tlsRequiredFor(String domain) {
		return this.requireTlsDomains.stream().anyMatch((d) -> d.equalsIgnoreCase(domain));
	}

}
