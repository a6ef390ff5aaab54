package dev.mailroom.imap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.mailroom.net.Connection;

/**
 * Reads one tagged command with its literals (RFC 3501 4.3, RFC 7888 LITERAL+). A
 * synchronizing literal {@code {n}} is invited with a continuation once its size is known
 * to be acceptable; one that is too large is refused before the client sends it, so an
 * announced size is never allocated. A non-synchronizing literal {@code {n+}} that is too
 * large ends the session, since its bytes are already on their way.
 */
final class CommandReader {

	/** Why a command could not be read; the session answers and reads the next one. */
	static final class Refused extends Exception {

		final String tag;

		final String response;

		final boolean fatal;

		Refused(String tag, String response, boolean fatal) {
			super(response, null, false, false);
			this.tag = tag;
			this.response = response;
			this.fatal = fatal;
		}

	}

	private CommandReader() {
	}

	/**
	 * @param maxLiteral the largest literal accepted now
	 * @param maxTotal the most literal bytes of one command together
	 * @return the lines and literals, or null at the end of the stream
	 */
	static Command read(Connection connection, long maxLiteral, long maxTotal) throws IOException, Refused {
		String first = connection.readLine();
		if (first == null) {
			return null;
		}
		String tag = tagOf(first);
		List<String> lines = new ArrayList<>();
		List<byte[]> literals = new ArrayList<>();
		String line = first;
		long total = 0;
		while (true) {
			lines.add(line);
			long[] announced = literalAt(line);
			if (announced == null) {
				break;
			}
			long size = announced[0];
			boolean sync = announced[1] == 0;
			if (size > maxLiteral || total + size > maxTotal) {
				String response = "NO [TOOBIG] Literal of " + size + " bytes is larger than " + maxLiteral;
				if (!sync) {
					throw new Refused(tag, response, true);
				}
				throw new Refused(tag, response, false);
			}
			if (sync) {
				connection.writeLine("+ Ready for literal data");
				connection.flush();
			}
			literals.add(readExactly(connection.input(), (int) size));
			total += size;
			line = connection.readLine();
			if (line == null) {
				throw new EOFException("Connection closed inside a command");
			}
		}
		return new Command(tag, lines, literals);
	}

	private static byte[] readExactly(InputStream in, int size) throws IOException {
		// readNBytes grows its buffer as bytes arrive, so a client that announces
		// more than it sends costs nothing beyond what it sent.
		byte[] bytes = in.readNBytes(size);
		if (bytes.length < size) {
			throw new EOFException("Connection closed inside a literal");
		}
		return bytes;
	}

	/** The tag, or null when the line has none a response could carry. */
	static String tagOf(String line) {
		int space = line.indexOf(' ');
		String tag = (space < 0) ? line : line.substring(0, space);
		if (tag.isEmpty() || tag.chars().anyMatch((c) -> !Arguments.isAtomChar(c) || c == '+' || c > 0x7f)) {
			return null;
		}
		return tag;
	}

	/** {size, 0 sync / 1 non-sync} when the line ends with a literal announcement. */
	static long[] literalAt(String line) {
		if (!line.endsWith("}")) {
			return null;
		}
		int open = line.lastIndexOf('{');
		if (open < 0) {
			return null;
		}
		String inside = line.substring(open + 1, line.length() - 1);
		boolean nonSync = inside.endsWith("+");
		String digits = nonSync ? inside.substring(0, inside.length() - 1) : inside;
		if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return null;
		}
		return new long[] { Long.parseLong(digits), nonSync ? 1 : 0 };
	}

	/** A command as read: its lines and literals, parsed further by the session. */
	record Command(String tag, List<String> lines, List<byte[]> literals) {
	}

}
