package dev.mailroom.ftp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.mailbox.FolderFile;

/**
 * The names messages and attachments get as files: {@code <date>_<uid>_<subject>.eml} and
 * {@code <date>_<uid>_<n>_<file name>}, dates in UTC so a name never changes, text cut
 * and cleared of what file systems refuse (slashes, control characters, Windows' reserved
 * characters).
 */
final class FileNames {

	/** Code points of a subject kept in a file name. */
	static final int MAX_SUBJECT = 60;

	/** Code points of an attachment's own name kept. */
	static final int MAX_ATTACHMENT_NAME = 100;

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

	private static final Pattern MESSAGE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}_(\\d{1,18})_.*\\.eml");

	private static final Pattern ATTACHMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}_(\\d{1,18})_(\\d{1,4})_.*");

	private FileNames() {
	}

	static String message(FolderFile file) {
		return DATE.format(file.internalDate()) + "_" + file.uid() + "_"
				+ safe(file.subject(), MAX_SUBJECT, "no subject") + ".eml";
	}

	static String attachment(Instant internalDate, long uid, int index, String filename) {
		return DATE.format(internalDate) + "_" + uid + "_" + index + "_"
				+ safe(filename, MAX_ATTACHMENT_NAME, "attachment");
	}

	/** The UID a message file name carries, if it is one. */
	static OptionalLong messageUid(String name) {
		Matcher matcher = MESSAGE.matcher(name);
		return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	/**
	 * The UID and attachment number ({@code [uid, n]}) an attachment file name carries.
	 */
	static long[] attachmentKey(String name) {
		Matcher matcher = ATTACHMENT.matcher(name);
		return matcher.matches() ? new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) }
				: null;
	}

	/**
	 * Text made safe as (part of) a file name on every common system: control characters
	 * and {@code / \ : * ? " < > |} become {@code _}, runs of white space one space, no
	 * leading dots, at most {@code max} code points, no trailing dots or spaces.
	 */
	static String safe(String text, int max, String fallback) {
		StringBuilder out = new StringBuilder();
		boolean space = false;
		int kept = 0;
		String value = (text != null) ? text : "";
		for (int i = 0; i < value.length() && kept < max;) {
			int cp = value.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
				space = out.length() > 0;
				continue;
			}
			if (space) {
				out.append(' ');
				kept++;
				space = false;
				if (kept >= max) {
					break;
				}
			}
			if (Character.isISOControl(cp) || "/\\:*?\"<>|".indexOf(cp) >= 0
					|| Character.getType(cp) == Character.FORMAT || Character.getType(cp) == Character.SURROGATE
					|| Character.getType(cp) == Character.UNASSIGNED) {
				cp = '_';
			}
			if (cp == '.' && out.length() == 0) {
				continue;
			}
			out.appendCodePoint(cp);
			kept++;
		}
		int end = out.length();
		while (end > 0 && (out.charAt(end - 1) == '.' || out.charAt(end - 1) == ' ')) {
			end--;
		}
		out.setLength(end);
		return out.isEmpty() ? fallback : out.toString();
	}

	/**
	 * Whether a name given by a client may name a file or folder: not empty, no NUL, CR,
	 * LF or other control character, no slash, not {@code .} or {@code ..}.
	 */
	static boolean isAcceptable(String name) {
		return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
				&& name.chars().noneMatch(Character::isISOControl);
	}

}
