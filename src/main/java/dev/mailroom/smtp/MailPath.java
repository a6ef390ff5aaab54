package dev.mailroom.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.EmailAddress;

/**
 * The argument of MAIL and RCPT (RFC 5321 4.1.2): {@code FROM:<path> params} or
 * {@code TO:<path> params}.
 *
 * @param address {@code local@domain} with the domain normalised, or empty for the null
 * path {@code <>}
 * @param parameters ESMTP parameters, keys upper case, value null for a bare keyword
 */
record MailPath(String address, Map<String, String> parameters) {

	// A space after the colon is not in the grammar, but common clients send
	// one (Postfix accepts it too); the source route "@a,@b:" is obsolete and
	// ignored (RFC 5321 4.1.2, C).
	private static final Pattern SYNTAX = Pattern.compile("(?i)(FROM|TO):\\s?<(?:@[^:>]*:)?([^<>]*)>(.*)");

	private static final Pattern LOCAL_PART = Pattern
		.compile("(\"(?:[^\"\\\\\\p{Cntrl}]|\\\\[\\x20-\\x7e])*\"|[^\\s\\p{Cntrl}\"(),:;<>@\\[\\\\\\]]+)");

	/**
	 * @param keyword "FROM" or "TO"
	 * @return the path, or null when the argument is malformed
	 */
	static MailPath parse(String keyword, String argument) {
		Matcher matcher = SYNTAX.matcher(argument);
		if (!matcher.matches() || !matcher.group(1).equalsIgnoreCase(keyword)) {
			return null;
		}
		Map<String, String> parameters = parseParameters(matcher.group(3));
		if (parameters == null) {
			return null;
		}
		String path = matcher.group(2);
		if (path.isEmpty()) {
			return new MailPath("", parameters);
		}
		String address = normalize(path);
		return (address != null) ? new MailPath(address, parameters) : null;
	}

	boolean isNull() {
		return this.address.isEmpty();
	}

	String domain() {
		return this.address.substring(this.address.lastIndexOf('@') + 1);
	}

	private static String normalize(String path) {
		int at = path.lastIndexOf('@');
		if (at <= 0 || at == path.length() - 1 || path.length() > 320) {
			return null;
		}
		String local = path.substring(0, at);
		String domain = path.substring(at + 1);
		if (!LOCAL_PART.matcher(local).matches() || local.length() > 64 || local.startsWith(".") || local.endsWith(".")
				|| local.contains("..")) {
			return null;
		}
		if (domain.startsWith("[") && domain.endsWith("]")) {
			// An address literal: kept as written; never a local domain.
			return domain.matches("\\[[0-9A-Fa-f.:IPv]+\\]") ? local + "@" + domain : null;
		}
		try {
			return local + "@" + EmailAddress.normalizeDomain(domain);
		}
		catch (AccountException ex) {
			return null;
		}
	}

	private static Map<String, String> parseParameters(String text) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			return parameters;
		}
		if (!text.startsWith(" ")) {
			return null;
		}
		for (String parameter : trimmed.split(" +")) {
			int eq = parameter.indexOf('=');
			String key = ((eq < 0) ? parameter : parameter.substring(0, eq)).toUpperCase(Locale.ROOT);
			if (!key.matches("[A-Z0-9][A-Z0-9-]*")) {
				return null;
			}
			parameters.put(key, (eq < 0) ? null : parameter.substring(eq + 1));
		}
		return parameters;
	}

}
