package dev.mailroom.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the .eml files under src/test/resources/mime/corpus. */
final class CorpusTestSupport {

	private static final MimeParser PARSER = new MimeParser();

	private CorpusTestSupport() {
	}

	static InputStream open(String name) {
		InputStream in = CorpusTestSupport.class.getResourceAsStream("/mime/corpus/" + name);
		if (in == null) {
			throw new IllegalArgumentException("No corpus file " + name);
		}
		return in;
	}

	static ParsedMessage parse(String name) {
		try (InputStream in = open(name)) {
			return PARSER.parse(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static MessageSummary summarize(String name) {
		try (InputStream in = open(name)) {
			return PARSER.summarize(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The decoded part, or null when copyPart found no such part. */
	static byte[] copyPart(String name, String path) {
		try (InputStream in = open(name)) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			return PARSER.copyPart(in, path, out) ? out.toByteArray() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static MimePart part(MimePart root, String path) {
		if (root.path().equals(path)) {
			return root;
		}
		for (MimePart child : root.children()) {
			MimePart found = part(child, path);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

}
