package dev.mailroom.imap;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The bytes of a BODY[section] (RFC 3501 6.4.5) of a parsed message. Part numbers count
 * the parts of a multipart; in a single-part message (or embedded message) part 1 is its
 * body; a message/rfc822 part's numbers continue in the embedded message.
 */
final class SectionReader {

	private SectionReader() {
	}

	/** The section's bytes, or null when the message has no such part. */
	static byte[] read(MimeEntity root, FetchItem.Section section) {
		MimeEntity entity = root;
		boolean messageContext = true;
		for (int number : section.parts()) {
			if (!messageContext && entity.isMessage()) {
				entity = entity.message;
				messageContext = true;
			}
			if (entity.isMultipart()) {
				if (number > entity.parts.size()) {
					return null;
				}
				entity = entity.parts.get(number - 1);
			}
			else if (!messageContext || number != 1) {
				return null;
			}
			messageContext = false;
		}
		String specifier = section.specifier();
		if (specifier == null) {
			return (section.parts().length == 0) ? range(entity, entity.start, entity.end)
					: range(entity, entity.bodyStart, entity.end);
		}
		if (specifier.equals("MIME")) {
			return range(entity, entity.start, entity.bodyStart);
		}
		MimeEntity message = entity;
		if (section.parts().length > 0) {
			if (!entity.isMessage()) {
				return null;
			}
			message = entity.message;
		}
		return switch (specifier) {
			case "HEADER" -> range(message, message.start, message.bodyStart);
			case "TEXT" -> range(message, message.bodyStart, message.end);
			default -> fields(message, section.fields(), specifier.equals("HEADER.FIELDS.NOT"));
		};
	}

	private static byte[] range(MimeEntity entity, int from, int to) {
		byte[] bytes = new byte[to - from];
		System.arraycopy(entity.raw, from, bytes, 0, bytes.length);
		return bytes;
	}

	private static byte[] fields(MimeEntity message, List<String> names, boolean not) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (MimeEntity.Field field : message.fields) {
			boolean listed = names.stream().anyMatch((name) -> name.equalsIgnoreCase(field.name()));
			if (listed != not) {
				out.write(message.raw, field.start(), field.end() - field.start());
			}
		}
		out.write('\r');
		out.write('\n');
		return out.toByteArray();
	}

}
