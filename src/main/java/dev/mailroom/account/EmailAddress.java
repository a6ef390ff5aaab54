package dev.mailroom.account;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A mailbox address as accounts use it: {@code local@domain}, lower-cased, the domain in
 * its ASCII (IDNA) form. Local parts are RFC 5322 dot-atoms; quoted local parts are valid
 * mail syntax but no user needs one, and refusing them keeps every protocol's parser
 * simple.
 */
public record EmailAddress(String localPart, String domain) {

	private static final Pattern DOT_ATOM = Pattern
		.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/**
	 * Parses and normalises an address.
	 * @throws AccountException with reason {@code INVALID} when it is not a usable
	 * address
	 */
	public static EmailAddress parse(String text) {
		if (text == null) {
			throw AccountException.invalid("An address is required");
		}
		String trimmed = text.trim();
		int at = trimmed.lastIndexOf('@');
		if (at <= 0 || at == trimmed.length() - 1) {
			throw AccountException.invalid("'" + trimmed + "' is not an address of the form name@domain");
		}
		String local = trimmed.substring(0, at);
		if (local.length() > 64 || !DOT_ATOM.matcher(local).matches()) {
			throw AccountException.invalid("'" + trimmed + "' has an invalid local part");
		}
		String domain = normalizeDomain(trimmed.substring(at + 1));
		EmailAddress address = new EmailAddress(local.toLowerCase(Locale.ROOT), domain);
		if (address.toString().length() > 254) {
			throw AccountException.invalid("'" + trimmed + "' is longer than 254 characters");
		}
		return address;
	}

	/**
	 * Normalises a domain name to lower-case ASCII (IDNA), so {@code 메일.한국} and its
	 * {@code xn--} form are the same domain.
	 * @throws AccountException with reason {@code INVALID} when it is not a host name
	 */
	public static String normalizeDomain(String text) {
		String domain;
		try {
			domain = IDN.toASCII(text.trim(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			throw AccountException.invalid("'" + text + "' is not a valid domain name");
		}
		if (domain.endsWith(".")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		if (domain.isEmpty() || domain.length() > 253) {
			throw AccountException.invalid("'" + text + "' is not a valid domain name");
		}
		for (String label : domain.split("\\.", -1)) {
			if (!LABEL.matcher(label).matches()) {
				throw AccountException.invalid("'" + text + "' is not a valid domain name");
			}
		}
		return domain;
	}

	@Override
	public String toString() {
		return this.localPart + "@" + this.domain;
	}

}
