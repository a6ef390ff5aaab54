package dev.mailroom.imap;

import java.util.LinkedHashMap;

/**
 * Parsed header blocks of stored contents, least recently used dropped first. Stored
 * contents never change, so an entry never goes stale: header downloads (a client opening
 * a folder fetches the same fields of every message again and again) then cost no
 * database reads and no parsing, as Dovecot answers them from its index cache.
 */
final class HeaderCache {

	// A parsed header takes about three times its bytes (field strings, offsets).
	private static final int WEIGHT = 3;

	private final long maxBytes;

	private final LinkedHashMap<Long, MimeEntity> entries = new LinkedHashMap<>(1024, 0.75f, true);

	private long bytes;

	/**
	 * @param maxBytes how much memory the entries may take about; 0 keeps none
	 */
	HeaderCache(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	synchronized MimeEntity get(long contentId) {
		return this.entries.get(contentId);
	}

	synchronized void put(long contentId, MimeEntity header) {
		long weight = weight(header);
		if (weight > this.maxBytes / 16) {
			return;
		}
		MimeEntity old = this.entries.put(contentId, header);
		this.bytes += weight - ((old != null) ? weight(old) : 0);
		var eldest = this.entries.entrySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			this.bytes -= weight(eldest.next().getValue());
			eldest.remove();
		}
	}

	private static long weight(MimeEntity header) {
		return (long) header.raw.length * WEIGHT + 64;
	}

}
