package dev.mailroom.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.FolderRole;

/**
 * A user's folders as IMAP names them: paths joined by {@code /} from the top (the INBOX
 * is {@code INBOX} whatever its stored name), decoded from modified UTF-7 on the way in
 * and encoded on the way out.
 */
final class FolderTree {

	static final char DELIMITER = '/';

	private final List<Folder> folders;

	private final Map<Long, String> paths = new HashMap<>();

	FolderTree(List<Folder> folders) {
		this.folders = folders;
		for (Folder folder : folders) {
			this.paths.put(folder.id(), path(folder));
		}
	}

	private String path(Folder folder) {
		String cached = this.paths.get(folder.id());
		if (cached != null) {
			return cached;
		}
		String own = (folder.role() == FolderRole.INBOX) ? "INBOX" : folder.name();
		if (folder.parentId() == null) {
			return own;
		}
		Folder parent = byId(folder.parentId());
		return (parent != null) ? path(parent) + DELIMITER + own : own;
	}

	Folder byId(long id) {
		for (Folder folder : this.folders) {
			if (folder.id() == id) {
				return folder;
			}
		}
		return null;
	}

	List<Folder> folders() {
		return this.folders;
	}

	/** The decoded path of a folder. */
	String pathOf(Folder folder) {
		return this.paths.get(folder.id());
	}

	boolean hasChildren(Folder folder) {
		return this.folders.stream().anyMatch((f) -> f.parentId() != null && f.parentId() == folder.id());
	}

	/**
	 * The folder of a decoded path; {@code INBOX} in any case is the INBOX, the rest
	 * matches exactly.
	 */
	Optional<Folder> find(String path) {
		String wanted = canonical(path);
		for (Folder folder : this.folders) {
			if (pathOf(folder).equals(wanted)) {
				return Optional.of(folder);
			}
		}
		return Optional.empty();
	}

	/** A decoded path with INBOX (any case) as its first level written {@code INBOX}. */
	static String canonical(String path) {
		String first = path;
		int slash = path.indexOf(DELIMITER);
		if (slash >= 0) {
			first = path.substring(0, slash);
		}
		if (first.equalsIgnoreCase("INBOX")) {
			return "INBOX" + path.substring(first.length());
		}
		return path;
	}

	/** The levels of a decoded path, without empty ones (a trailing delimiter). */
	static List<String> levels(String path) {
		List<String> levels = new ArrayList<>();
		for (String level : canonical(path).split(String.valueOf(DELIMITER))) {
			if (!level.isEmpty()) {
				levels.add(level);
			}
		}
		return levels;
	}

	/** The decoded path of a mailbox name as a client sends it. */
	static String decode(String name) {
		return canonical(ModifiedUtf7.decode(name));
	}

	static String encode(String path) {
		return ModifiedUtf7.encode(path);
	}

	/**
	 * Whether the LIST pattern (decoded) matches the path: {@code *} any, {@code %} no
	 * delimiter.
	 */
	static boolean matches(String pattern, String path) {
		int p = pattern.length();
		int n = path.length();
		// dp[i][j]: pattern from i matches path from j; linear in both, whatever the
		// wildcards.
		boolean[][] dp = new boolean[p + 1][n + 1];
		dp[p][n] = true;
		for (int i = p - 1; i >= 0; i--) {
			char c = pattern.charAt(i);
			for (int j = n; j >= 0; j--) {
				if (c == '*') {
					dp[i][j] = dp[i + 1][j] || (j < n && dp[i][j + 1]);
				}
				else if (c == '%') {
					dp[i][j] = dp[i + 1][j] || (j < n && path.charAt(j) != DELIMITER && dp[i][j + 1]);
				}
				else {
					dp[i][j] = j < n && path.charAt(j) == c && dp[i + 1][j + 1];
				}
			}
		}
		return dp[0][0];
	}

	static boolean isInbox(String path) {
		return path.toUpperCase(Locale.ROOT).equals("INBOX");
	}

}
