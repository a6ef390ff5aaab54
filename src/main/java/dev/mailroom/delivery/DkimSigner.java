package dev.mailroom.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signs a message with DKIM (RFC 6376): rsa-sha256, relaxed/relaxed canonicalization, the
 * headers a forger would want to change (RFC 6376 section 5.4.1), each as often as it
 * occurs plus once more so that an added copy breaks the signature.
 */
final class DkimSigner {

	static final Set<String> SIGNED_HEADERS = Set.of("from", "to", "cc", "reply-to", "subject", "date", "message-id",
			"in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding");

	private DkimSigner() {
	}

	/** The message with a DKIM-Signature header in front. */
	static byte[] sign(byte[] raw, String domain, String selector, PrivateKey key, Instant now) {
		int bodyStart = RawMessage.bodyStart(raw);
		String headerBlock = new String(raw, 0, bodyStart, StandardCharsets.ISO_8859_1);
		List<String> fields = fields(headerBlock);
		List<String> signed = new ArrayList<>();
		StringBuilder data = new StringBuilder();
		// RFC 6376 5.4.2: the last instance of a name is signed first.
		List<String> names = new ArrayList<>();
		for (String field : fields) {
			String name = name(field);
			if (SIGNED_HEADERS.contains(name)) {
				names.add(name);
			}
		}
		java.util.Map<String, Integer> used = new java.util.HashMap<>();
		for (String name : names) {
			int skip = used.merge(name, 1, Integer::sum);
			String field = nthFromBottom(fields, name, skip);
			data.append(relaxedHeader(field)).append("\r\n");
			signed.add(name);
		}
		// Over-sign From and Subject: an extra empty instance in h= forbids
		// adding another.
		signed.add("from");
		signed.add("subject");
		String bodyHash = Base64.getEncoder().encodeToString(sha256(relaxedBody(raw, bodyStart)));
		String header = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
				+ ";\r\n\tt=" + now.getEpochSecond() + "; h=" + String.join(":", signed) + ";\r\n\tbh=" + bodyHash
				+ ";\r\n\tb=";
		data.append(relaxedHeader(header));
		String signature = Base64.getEncoder().encodeToString(rsaSha256(data.toString(), key));
		StringBuilder folded = new StringBuilder(header);
		for (int i = 0; i < signature.length(); i += 72) {
			if (i > 0) {
				folded.append("\r\n\t ");
			}
			folded.append(signature, i, Math.min(signature.length(), i + 72));
		}
		folded.append("\r\n");
		byte[] prefix = folded.toString().getBytes(StandardCharsets.US_ASCII);
		byte[] signedMessage = new byte[prefix.length + raw.length];
		System.arraycopy(prefix, 0, signedMessage, 0, prefix.length);
		System.arraycopy(raw, 0, signedMessage, prefix.length, raw.length);
		return signedMessage;
	}

	/**
	 * Whether the message already starts with our signature for this domain (signed at
	 * submission).
	 */
	static boolean isSignedBy(byte[] raw, String domain) {
		String start = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1);
		return start.regionMatches(true, 0, "DKIM-Signature:", 0, 15)
				&& start.toLowerCase(Locale.ROOT).contains("d=" + domain.toLowerCase(Locale.ROOT) + ";");
	}

	/** Relaxed header canonicalization (RFC 6376 3.4.2). */
	static String relaxedHeader(String field) {
		int colon = field.indexOf(':');
		String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
		String value = field.substring(colon + 1).replaceAll("\r\n(?=[ \t])", "").replaceAll("[ \t]+", " ").trim();
		return name + ":" + value;
	}

	/** Relaxed body canonicalization (RFC 6376 3.4.4). */
	static byte[] relaxedBody(byte[] raw, int bodyStart) {
		String body = new String(raw, bodyStart, raw.length - bodyStart, StandardCharsets.ISO_8859_1);
		String[] lines = body.split("\r\n", -1);
		StringBuilder canonical = new StringBuilder();
		int last = lines.length - 1;
		// Trailing empty lines are ignored.
		while (last >= 0 && lines[last].replaceAll("[ \t]+", "").isEmpty()) {
			last--;
		}
		for (int i = 0; i <= last; i++) {
			canonical.append(lines[i].replaceAll("[ \t]+", " ").replaceAll(" $", "")).append("\r\n");
		}
		return canonical.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static List<String> fields(String headerBlock) {
		List<String> fields = new ArrayList<>();
		for (String line : headerBlock.split("\r\n")) {
			if (line.isEmpty()) {
				continue;
			}
			if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
				fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
			}
			else if (line.indexOf(':') > 0) {
				fields.add(line);
			}
		}
		return fields;
	}

	private static String name(String field) {
		return field.substring(0, field.indexOf(':')).trim().toLowerCase(Locale.ROOT);
	}

	private static String nthFromBottom(List<String> fields, String name, int n) {
		int seen = 0;
		for (int i = fields.size() - 1; i >= 0; i--) {
			if (name(fields.get(i)).equals(name) && ++seen == n) {
				return fields.get(i);
			}
		}
		throw new IllegalStateException("No header " + name);
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] rsaSha256(String data, PrivateKey key) {
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key);
			signature.update(data.getBytes(StandardCharsets.ISO_8859_1));
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
