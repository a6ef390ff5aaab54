package dev.mailroom.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of one command (RFC 3501 section 9): a cursor over its text, line by
 * line, with the literals read between the lines. Every method either consumes what it
 * parsed or throws {@link ImapException#bad(String)}.
 */
final class Arguments {

	private final List<String> lines;

	private final List<byte[]> literals;

	private int line;

	private int position;

	/**
	 * @param lines the command's lines; every line but the last ends with a literal
	 * announcement {@code {n}} or {@code {n+}}
	 * @param literals the literal after each of those lines
	 * @param position where the arguments start in the first line
	 */
	Arguments(List<String> lines, List<byte[]> literals, int position) {
		this.lines = lines;
		this.literals = literals;
		this.position = position;
	}

	private String text() {
		return this.lines.get(this.line);
	}

	boolean atEnd() {
		return this.line == this.lines.size() - 1 && this.position >= text().length();
	}

	/** The next character, or -1 at the end of a line. */
	int peek() {
		return (this.position < text().length()) ? text().charAt(this.position) : -1;
	}

	boolean peekIs(char c) {
		return peek() == c;
	}

	void expect(char c) {
		if (peek() != c) {
			throw ImapException.bad("Expected '" + c + "'" + near());
		}
		this.position++;
	}

	void space() {
		expect(' ');
	}

	/** Consumes {@code c} when it comes next. */
	boolean accept(char c) {
		if (peek() == c) {
			this.position++;
			return true;
		}
		return false;
	}

	void end() {
		if (!atEnd()) {
			throw ImapException.bad("Unexpected arguments" + near());
		}
	}

	private String near() {
		String rest = text().substring(Math.min(this.position, text().length()));
		return rest.isEmpty() ? " at the end of the line" : " near: " + abbreviate(rest);
	}

	private static String abbreviate(String text) {
		String clean = text.replaceAll("[\\p{Cntrl}]", "?");
		return (clean.length() > 40) ? clean.substring(0, 40) + "..." : clean;
	}

	/** An atom (RFC 3501: no specials), e.g. a command name or a flag keyword. */
	String atom() {
		return chars(Arguments::isAtomChar, "an atom");
	}

	/** Like an atom, but ']' allowed (ASTRING-CHAR). */
	private String astringAtom() {
		return chars((c) -> isAtomChar(c) || c == ']', "a string");
	}

	/** An atom that may also hold the list wildcards {@code %} and {@code *}. */
	private String listAtom() {
		return chars((c) -> isAtomChar(c) || c == ']' || c == '%' || c == '*', "a mailbox pattern");
	}

	/** Characters up to a space, parenthesis or the end (a sequence set, a number). */
	String token(String what) {
		return chars((c) -> c > ' ' && c != '(' && c != ')' && c != 0x7f, what);
	}

	private String chars(java.util.function.IntPredicate allowed, String what) {
		int start = this.position;
		String text = text();
		while (this.position < text.length() && allowed.test(text.charAt(this.position))) {
			this.position++;
		}
		if (this.position == start) {
			throw ImapException.bad("Expected " + what + near());
		}
		return text.substring(start, this.position);
	}

	static boolean isAtomChar(int c) {
		return c > ' ' && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"' && c != '\\'
				&& c != ']' || c > 0x7f;
	}

	/**
	 * Consumes {@code word} (case-insensitive) when it comes next as a whole word,
	 * followed by a space, ')' or the end.
	 */
	boolean acceptWord(String word) {
		String text = text();
		int end = this.position + word.length();
		if (end > text.length() || !text.regionMatches(true, this.position, word, 0, word.length())) {
			return false;
		}
		if (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != ')') {
			return false;
		}
		this.position = end;
		return true;
	}

	/** A FETCH item name: up to '[', a space, ')' or the end. */
	String fetchName() {
		return chars((c) -> c > ' ' && c != '[' && c != '(' && c != ')' && c < 0x7f, "a FETCH item");
	}

	/** A section word (HEADER.FIELDS): letters and dots. */
	String sectionWord() {
		return chars((c) -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.', "a section");
	}

	long number() {
		String digits = chars((c) -> c >= '0' && c <= '9', "a number");
		if (digits.length() > 19) {
			throw ImapException.bad("Number too large");
		}
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			throw ImapException.bad("Number too large");
		}
	}

	/** astring: an atom, a quoted string or a literal (decoded as UTF-8). */
	String astring() {
		int c = peek();
		if (c == '"' || c == '{') {
			return string();
		}
		return astringAtom();
	}

	/** A mailbox pattern of LIST: list-mailbox, or a string. */
	String listMailbox() {
		int c = peek();
		if (c == '"' || c == '{') {
			return string();
		}
		return listAtom();
	}

	/** A quoted string or a literal, decoded as UTF-8. */
	String string() {
		if (peek() == '"') {
			return quoted();
		}
		return new String(literal(), StandardCharsets.UTF_8);
	}

	/** NIL, a quoted string or a literal. */
	String nstring() {
		if (peek() == 'N' || peek() == 'n') {
			String atom = atom();
			if (!atom.equalsIgnoreCase("NIL")) {
				throw ImapException.bad("Expected NIL or a string");
			}
			return null;
		}
		return string();
	}

	private String quoted() {
		expect('"');
		StringBuilder value = new StringBuilder();
		String text = text();
		while (true) {
			if (this.position >= text.length()) {
				throw ImapException.bad("Unterminated quoted string");
			}
			char c = text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c == '\\') {
				if (this.position >= text.length()) {
					throw ImapException.bad("Unterminated quoted string");
				}
				char escaped = text.charAt(this.position++);
				if (escaped != '"' && escaped != '\\') {
					throw ImapException.bad("Only \\\" and \\\\ may be escaped in a quoted string");
				}
				value.append(escaped);
			}
			else {
				value.append(c);
			}
		}
	}

	/** Whether a literal comes next. */
	boolean atLiteral() {
		return peek() == '{';
	}

	/**
	 * A literal's bytes: {@code {n}} (or {@code {n+}}) ends this line, its bytes follow.
	 */
	byte[] literal() {
		String text = text();
		if (peek() != '{' || !text.endsWith("}") || this.line >= this.literals.size()) {
			throw ImapException.bad("Expected a string" + near());
		}
		byte[] value = this.literals.get(this.line);
		this.line++;
		this.position = 0;
		return value;
	}

	/** A parenthesised list of atoms, e.g. flags; empty list allowed. */
	List<String> atomList() {
		expect('(');
		List<String> atoms = new ArrayList<>();
		while (!accept(')')) {
			if (!atoms.isEmpty()) {
				space();
			}
			atoms.add(flagOrAtom());
		}
		return atoms;
	}

	/** An atom or a flag with a backslash ({@code \Seen}, {@code \*}). */
	String flagOrAtom() {
		if (accept('\\')) {
			if (accept('*')) {
				return "\\*";
			}
			return "\\" + atom();
		}
		return atom();
	}

	/**
	 * A sequence set (RFC 3501 9: seq-number / seq-range, comma-separated, '*' allowed).
	 */
	SequenceSet sequenceSet() {
		String text = chars((c) -> (c >= '0' && c <= '9') || c == ':' || c == ',' || c == '*', "a sequence set");
		return SequenceSet.parse(text);
	}

	String upperAtom() {
		return atom().toUpperCase(Locale.ROOT);
	}

}
