package dev.mailroom.delivery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds where mail for a domain goes, as Postfix does: the relay host if one is set, else
 * a route configured for the domain, else its MX records (RFC 5321 section 5.1: by
 * preference, random among equals; no MX means the domain's own address; a null MX, RFC
 * 7505, means the domain takes no mail).
 */
class Router {

	private final DeliveryProperties properties;

	private final Resolver resolver;

	// A small cache of our own; dnsjava's default one is shared by the whole JVM.
	private final Cache cache = new Cache(DClass.IN);

	Router(DeliveryProperties properties) {
		this.properties = properties;
		this.resolver = resolver(properties.dnsServers());
	}

	NextHop route(String domain) throws RoutingException {
		if (properties.relayHost() != null && !properties.relayHost().isBlank()) {
			return new NextHop(List.of(NextHop.Host.parse(properties.relayHost(), 587)), true);
		}
		String route = this.properties.routes().get(domain.toLowerCase(Locale.ROOT));
		if (route != null) {
			return new NextHop(List.of(NextHop.Host.parse(route, this.properties.port())), false);
		}
		return new NextHop(exchangers(domain), false);
	}

	private List<NextHop.Host> exchangers(String domain) throws RoutingException {
		Lookup lookup = lookup(domain, Type.MX);
		Record[] records = lookup.run();
		switch (lookup.getResult()) {
			case Lookup.SUCCESSFUL -> {
				return byPreference(domain, records);
			}
			case Lookup.TYPE_NOT_FOUND -> {
				// No MX: the domain's own address records stand in for it (implicit MX).
				return List.of(new NextHop.Host(domain, this.properties.port()));
			}
			case Lookup.HOST_NOT_FOUND -> throw new RoutingException("Domain " + domain + " does not exist", true);
			default -> throw new RoutingException(
					"DNS lookup of MX for " + domain + " failed: " + lookup.getErrorString(), false);
		}
	}

	private List<NextHop.Host> byPreference(String domain, Record[] records) throws RoutingException {
		Map<Integer, List<NextHop.Host>> byPriority = new TreeMap<>();
		for (Record record : records) {
			if (record instanceof MXRecord mx) {
				String target = mx.getTarget().toString(true);
				if (target.isEmpty() || target.equals(".")) {
					if (records.length == 1) {
						throw new RoutingException("Domain " + domain + " accepts no mail (null MX, RFC 7505)", true);
					}
					continue;
				}
				byPriority.computeIfAbsent(mx.getPriority(), (p) -> new ArrayList<>())
					.add(new NextHop.Host(target, this.properties.port()));
			}
		}
		if (byPriority.isEmpty()) {
			throw new RoutingException("Domain " + domain + " has no usable MX record", true);
		}
		List<NextHop.Host> hosts = new ArrayList<>();
		for (List<NextHop.Host> equal : byPriority.values()) {
			Collections.shuffle(equal, ThreadLocalRandom.current());
			hosts.addAll(equal);
		}
		return hosts;
	}

	private Lookup lookup(String domain, int type) throws RoutingException {
		try {
			Lookup lookup = new Lookup(Name.fromString(domain.endsWith(".") ? domain : domain + "."), type);
			if (this.resolver != null) {
				lookup.setResolver(this.resolver);
			}
			lookup.setCache(this.cache);
			return lookup;
		}
		catch (TextParseException ex) {
			throw new RoutingException("'" + domain + "' is not a domain name", true);
		}
	}

	private static Resolver resolver(List<String> servers) {
		if (servers.isEmpty()) {
			return null;
		}
		List<Resolver> resolvers = new ArrayList<>();
		for (String server : servers) {
			NextHop.Host host = NextHop.Host.parse(server, 53);
			SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host.name(), host.port()));
			resolver.setTimeout(Duration.ofSeconds(5));
			resolvers.add(resolver);
		}
		return (resolvers.size() == 1) ? resolvers.get(0) : new ExtendedResolver(resolvers);
	}

}
