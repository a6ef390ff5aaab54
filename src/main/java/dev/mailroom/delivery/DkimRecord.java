package dev.mailroom.delivery;

/**
 * The DNS TXT record that publishes a domain's DKIM key.
 *
 * @param name the record's name, {@code <selector>._domainkey.<domain>}
 * @param value the record's text; zone files split it into strings of at most 255
 * characters
 */
public record DkimRecord(String domain, String selector, String name, String value) {
}
