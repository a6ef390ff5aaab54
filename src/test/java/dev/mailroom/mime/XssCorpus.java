package dev.mailroom.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the files under {@code src/test/resources/xss/}: {@code payloads.txt} (blocks
 * headed {@code ### name | class | source}) and {@code hostile-strings.txt} (one per
 * line), with {@code {U+XXXX}} standing for a character.
 */
public final class XssCorpus {

	private static final Pattern CHARACTER = Pattern.compile("\\{U\\+([0-9A-Fa-f]{4,6})\\}");

	private XssCorpus() {
	}

	/** One hostile HTML body. */
	public record Payload(String name, String kind, String source, String html) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	public static List<Payload> payloads() {
		List<Payload> payloads = new ArrayList<>();
		String[] header = null;
		StringBuilder html = new StringBuilder();
		for (String line : read("payloads.txt").split("\n", -1)) {
			if (line.startsWith("### ")) {
				if (header != null) {
					payloads.add(payload(header, html));
				}
				header = line.substring(4).split("\\|", 3);
				html.setLength(0);
			}
			else if (header != null) {
				html.append(line).append('\n');
			}
		}
		if (header != null) {
			payloads.add(payload(header, html));
		}
		return payloads;
	}

	private static Payload payload(String[] header, StringBuilder html) {
		String body = html.toString();
		while (body.endsWith("\n")) {
			body = body.substring(0, body.length() - 1);
		}
		return new Payload(header[0].trim(), (header.length > 1) ? header[1].trim() : "",
				(header.length > 2) ? header[2].trim() : "", characters(body));
	}

	public static List<String> hostileStrings() {
		List<String> strings = new ArrayList<>();
		for (String line : read("hostile-strings.txt").split("\n")) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				strings.add(characters(line));
			}
		}
		return strings;
	}

	private static String characters(String text) {
		Matcher matcher = CHARACTER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out,
					Matcher.quoteReplacement(Character.toString(Integer.parseInt(matcher.group(1), 16))));
		}
		return matcher.appendTail(out).toString();
	}

	private static String read(String name) {
		try (InputStream in = XssCorpus.class.getResourceAsStream("/xss/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing /xss/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
