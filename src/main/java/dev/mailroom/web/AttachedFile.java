package dev.mailroom.web;

import java.util.Locale;

/**
 * An attachment of the draft the compose page edits, as the page lists it (public for the
 * template).
 *
 * @param index its place among the draft's attachments, posted back in {@code keep}
 * @param name the file name
 * @param size its size in bytes
 * @param kept whether it stays attached
 */
public record AttachedFile(int index, String name, long size, boolean kept) {

	/** The size as people read it: 980 B, 12 KB, 3.4 MB. */
	public String readableSize() {
		return readable(this.size);
	}

	static String readable(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		if (bytes < 1024 * 1024) {
			return Math.round(bytes / 1024.0) + " KB";
		}
		return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
	}

}
