package dev.mailroom.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsing pieces on their own: names, patterns, sets, MIME sections, addresses. */
class ImapSyntaxTests {

	@Test
	void encodesMailboxNamesInModifiedUtf7() {
		assertThat(ModifiedUtf7.encode("보관함")).isEqualTo("&vPStANVo-");
		assertThat(ModifiedUtf7.encode("R&D/회의록 2026")).isEqualTo("R&-D/&1ozHWLhd- 2026");
		assertThat(ModifiedUtf7.decode("R&-D/&1ozHWLhd- 2026")).isEqualTo("R&D/회의록 2026");
		assertThat(ModifiedUtf7.decode("&vPSwuNGo-")).isEqualTo("보낸톨");
		assertThatThrownBy(() -> ModifiedUtf7.decode("&vPS")).isInstanceOf(ImapException.class);
	}

	@Test
	void matchesListPatterns() {
		assertThat(FolderTree.matches("*", "Work/Projects")).isTrue();
		assertThat(FolderTree.matches("%", "Work/Projects")).isFalse();
		assertThat(FolderTree.matches("Work/%", "Work/Projects")).isTrue();
		assertThat(FolderTree.matches("W*s", "Work/Projects")).isTrue();
		assertThat(FolderTree.matches("INBOX", FolderTree.canonical("inbox"))).isTrue();
		assertThat(FolderTree.matches("*a*a*a*a*a*a*a*a*a*b", "a".repeat(200))).isFalse();
	}

	@Test
	void parsesSequenceSets() {
		SequenceSet set = SequenceSet.parse("1:3,7,9:*");
		assertThat(set.resolve(10)).containsExactly(1, 2, 3, 7, 9, 10);
		assertThat(SequenceSet.parse("5:2").resolve(10)).containsExactly(2, 3, 4, 5);
		assertThat(SequenceSet.format(List.of(1L, 2L, 3L, 7L, 9L, 10L))).isEqualTo("1:3,7,9:10");
		assertThatThrownBy(() -> SequenceSet.parse("0")).isInstanceOf(ImapException.class);
		assertThatThrownBy(() -> SequenceSet.parse("1,,2")).isInstanceOf(ImapException.class);
	}

	@Test
	void findsSectionsOfAnEmbeddedMessage() {
		String inner = "Subject: inner\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n--in\r\n"
				+ "Content-Type: text/plain\r\n\r\nplain\r\n--in\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--in--\r\n";
		String raw = "Subject: outer\r\nContent-Type: multipart/mixed; boundary=\"out\"\r\n\r\n--out\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello\r\n--out\r\nContent-Type: message/rfc822\r\n\r\n" + inner
				+ "\r\n--out--\r\n";
		MimeEntity root = MimeEntity.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(section(root, new int[] { 1 }, null)).isEqualTo("hello");
		assertThat(section(root, new int[] { 2 }, null)).isEqualTo(inner);
		assertThat(section(root, new int[] { 2 }, "HEADER")).startsWith("Subject: inner\r\n").endsWith("\r\n\r\n");
		assertThat(section(root, new int[] { 2, 1 }, null)).isEqualTo("plain");
		assertThat(section(root, new int[] { 2, 2 }, null)).isEqualTo("<p>html</p>");
		assertThat(section(root, new int[] { 2, 2 }, "MIME")).isEqualTo("Content-Type: text/html\r\n\r\n");
		assertThat(section(root, new int[] { 3 }, null)).isNull();
		assertThat(section(root, new int[] { 1, 1 }, null)).isNull();
	}

	@Test
	void writesBodyStructureOfAnEmbeddedMessage() throws Exception {
		String raw = "Subject: fwd\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nFrom: a@b.c\r\n\r\nbody\r\n";
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Structures.body(new ImapOutput(bytes), MimeEntity.parse(raw.getBytes(StandardCharsets.ISO_8859_1)), false);
		assertThat(bytes.toString(StandardCharsets.ISO_8859_1))
			.isEqualTo("(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 37 "
					+ "(NIL \"inner\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL) "
					+ "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 6 1) 4)");
	}

	@Test
	void splitsAddressesAndGroupsForTheEnvelope() {
		List<EnvelopeAddresses.Address> list = EnvelopeAddresses
			.parse("\"Kim, C.\" <kim@example.org>, =?UTF-8?B?7J2066a4?= <lee@example.org>, team: a@x.org, b@y.org;");
		assertThat(list).containsExactly(new EnvelopeAddresses.Address("Kim, C.", null, "kim", "example.org"),
				new EnvelopeAddresses.Address("=?UTF-8?B?7J2066a4?=", null, "lee", "example.org"),
				new EnvelopeAddresses.Address(null, null, "team", null),
				new EnvelopeAddresses.Address(null, null, "a", "x.org"),
				new EnvelopeAddresses.Address(null, null, "b", "y.org"),
				new EnvelopeAddresses.Address(null, null, null, null));
	}

	private static String section(MimeEntity root, int[] parts, String specifier) {
		byte[] bytes = SectionReader.read(root, new FetchItem.Section(parts, specifier, null));
		return (bytes != null) ? new String(bytes, StandardCharsets.ISO_8859_1) : null;
	}

}
