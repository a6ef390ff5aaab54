package dev.mailroom.delivery;

import java.util.List;

/**
 * Where mail for a domain goes: the hosts to try in order.
 *
 * @param hosts candidates in the order to try them (MX preference, random among equals)
 * @param relay true when this is the configured relay host (then AUTH may apply)
 */
record NextHop(List<Host> hosts, boolean relay) {

	record Host(String name, int port) {

		/** Parses {@code host} or {@code host:port} (or {@code [v6]:port}). */
		static Host parse(String text, int defaultPort) {
			String value = text.trim();
			if (value.startsWith("[")) {
				int close = value.indexOf(']');
				String host = value.substring(1, close);
				String rest = value.substring(close + 1);
				return new Host(host, rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : defaultPort);
			}
			int colon = value.lastIndexOf(':');
			if (colon > 0 && value.indexOf(':') == colon) {
				return new Host(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
			}
			return new Host(value, defaultPort);
		}

		@Override
		public String toString() {
			return this.name + ":" + this.port;
		}

	}

}
