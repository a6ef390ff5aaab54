package dev.mailroom.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * Address lists (RFC 5322 3.4) split for the ENVELOPE structure (RFC 3501 7.4.2): name,
 * source route, mailbox and host, as written in the header (encoded words stay encoded,
 * for the client to decode). Groups become a start marker (host NIL, mailbox the group
 * name) and an end marker (all NIL). Lenient: what cannot be parsed is kept as a mailbox.
 */
final class EnvelopeAddresses {

	/** One address, or a group marker. */
	record Address(String name, String route, String mailbox, String host) {
	}

	private EnvelopeAddresses() {
	}

	static List<Address> parse(String value) {
		List<Address> addresses = new ArrayList<>();
		if (value == null) {
			return addresses;
		}
		StringBuilder item = new StringBuilder();
		boolean quoted = false;
		boolean angle = false;
		int comment = 0;
		boolean inGroup = false;
		for (int i = 0; i <= value.length(); i++) {
			char c = (i < value.length()) ? value.charAt(i) : ',';
			boolean last = i == value.length();
			if (!last && quoted) {
				item.append(c);
				if (c == '\\' && i + 1 < value.length()) {
					item.append(value.charAt(++i));
				}
				else if (c == '"') {
					quoted = false;
				}
				continue;
			}
			if (!last && comment > 0) {
				if (c == '(') {
					comment++;
				}
				else if (c == ')') {
					comment--;
				}
				continue;
			}
			switch (c) {
				case '"' -> {
					quoted = true;
					item.append(c);
				}
				case '(' -> comment++;
				case '<' -> {
					angle = true;
					item.append(c);
				}
				case '>' -> {
					angle = false;
					item.append(c);
				}
				case ':' -> {
					if (angle || inGroup) {
						item.append(c);
					}
					else {
						addresses.add(new Address(null, null, unquote(item.toString().strip()), null));
						inGroup = true;
						item.setLength(0);
					}
				}
				case ',', ';' -> {
					if (angle && !last) {
						item.append(c);
						break;
					}
					String text = item.toString().strip();
					if (!text.isEmpty()) {
						addresses.add(mailbox(text));
					}
					item.setLength(0);
					angle = false;
					if (inGroup && (c == ';' || last)) {
						addresses.add(new Address(null, null, null, null));
						inGroup = false;
					}
				}
				default -> item.append(c);
			}
		}
		return addresses;
	}

	private static Address mailbox(String text) {
		String name = null;
		String spec = text;
		int open = text.indexOf('<');
		if (open >= 0) {
			int close = text.indexOf('>', open);
			spec = text.substring(open + 1, (close > open) ? close : text.length()).strip();
			String phrase = text.substring(0, open).strip();
			name = phrase.isEmpty() ? null : unquote(phrase);
		}
		String route = null;
		int colon = spec.indexOf(':');
		if (spec.startsWith("@") && colon > 0) {
			route = spec.substring(0, colon);
			spec = spec.substring(colon + 1);
		}
		spec = spec.replace(" ", "");
		int at = spec.lastIndexOf('@');
		String local = (at >= 0) ? spec.substring(0, at) : spec;
		String host = (at >= 0) ? spec.substring(at + 1) : "";
		return new Address(name, route, unquote(local), host);
	}

	private static String unquote(String text) {
		StringBuilder out = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '\\' && quoted && i + 1 < text.length()) {
				out.append(text.charAt(++i));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
