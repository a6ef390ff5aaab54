package dev.mailroom.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A lenient RFC 5322 address-list parser: groups are flattened, display names have their
 * RFC 2047 words decoded (also inside quoted strings, as real clients write them), and
 * entries without a usable address are skipped.
 */
final class Addresses {

	private Addresses() {
	}

	static List<Mailbox> parse(String value) {
		List<Mailbox> result = new ArrayList<>();
		if (value == null || value.isBlank()) {
			return result;
		}
		Matcher encodedWord = EncodedWords.ENCODED_WORD.matcher(value);
		Entry entry = new Entry();
		boolean inAngle = false;
		int length = value.length();
		int i = 0;
		while (i < length) {
			char c = value.charAt(i);
			if (c == '"') {
				int end = i + 1;
				StringBuilder quoted = new StringBuilder();
				while (end < length && value.charAt(end) != '"') {
					if (value.charAt(end) == '\\' && end + 1 < length) {
						end++;
					}
					quoted.append(value.charAt(end));
					end++;
				}
				if (inAngle) {
					entry.angle.append('"').append(quoted).append('"');
				}
				else {
					entry.phrase.append(quoted);
					entry.spec.append('"').append(quoted).append('"');
				}
				i = end + 1;
				continue;
			}
			if (c == '(') {
				int depth = 0;
				int end = i;
				StringBuilder comment = new StringBuilder();
				while (end < length) {
					char d = value.charAt(end);
					if (d == '\\' && end + 1 < length) {
						comment.append(value.charAt(end + 1));
						end += 2;
						continue;
					}
					if (d == '(') {
						depth++;
						if (depth > 1) {
							comment.append(d);
						}
					}
					else if (d == ')') {
						depth--;
						if (depth == 0) {
							break;
						}
						comment.append(d);
					}
					else {
						comment.append(d);
					}
					end++;
				}
				if (!inAngle && entry.comment == null) {
					entry.comment = comment.toString();
				}
				entry.phrase.append(' ');
				entry.spec.append(' ');
				i = end + 1;
				continue;
			}
			if (c == '=' && i + 1 < length && value.charAt(i + 1) == '?' && encodedWord.region(i, length).lookingAt()) {
				// An encoded word is one token even when its text holds
				// specials like ':' or ','.
				(inAngle ? entry.angle : entry.phrase).append(encodedWord.group());
				i = encodedWord.end();
				continue;
			}
			if (inAngle) {
				if (c == '>') {
					inAngle = false;
				}
				else {
					entry.angle.append(c);
				}
			}
			else if (c == '<') {
				inAngle = true;
				entry.angle.setLength(0);
				entry.hasAngle = true;
			}
			else if (c == ',' || c == ';') {
				entry.addTo(result);
				entry = new Entry();
			}
			else if (c == ':') {
				// A group's display name: its members follow, the name itself
				// is not an address.
				entry = new Entry();
			}
			else {
				entry.phrase.append(c);
				entry.spec.append(c);
			}
			i++;
		}
		entry.addTo(result);
		return result;
	}

	private static final class Entry {

		final StringBuilder phrase = new StringBuilder();

		final StringBuilder spec = new StringBuilder();

		final StringBuilder angle = new StringBuilder();

		boolean hasAngle;

		String comment;

		void addTo(List<Mailbox> result) {
			String address;
			String name;
			if (this.hasAngle) {
				address = removeRoute(this.angle.toString().replaceAll("\\s+", ""));
				name = this.phrase.toString();
				if (address.isEmpty()) {
					return;
				}
			}
			else {
				String spec = this.spec.toString().trim();
				if (spec.indexOf('@') < 0) {
					return;
				}
				address = spec.replaceAll("\\s+", "");
				name = this.comment;
			}
			if (address.startsWith("mailto:")) {
				address = address.substring("mailto:".length());
			}
			result.add(new Mailbox(displayName(name), address));
		}

		/** Obsolete source routes: {@code <@relay1,@relay2:user@host>}. */
		private static String removeRoute(String address) {
			if (address.startsWith("@")) {
				int colon = address.indexOf(':');
				return (colon >= 0) ? address.substring(colon + 1) : address;
			}
			return address;
		}

		private static String displayName(String phrase) {
			if (phrase == null) {
				return null;
			}
			String name = EncodedWords.decode(phrase).replaceAll("\\s+", " ").trim();
			return name.isEmpty() ? null : name;
		}

	}

}
