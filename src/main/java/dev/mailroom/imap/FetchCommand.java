package dev.mailroom.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.mailbox.MessageFlags;
import dev.mailroom.mailbox.StoreResult;
import dev.mailroom.mailbox.UidMessage;

/**
 * FETCH and UID FETCH (RFC 3501 6.4.5) with CONDSTORE's MODSEQ item and CHANGEDSINCE
 * modifier (RFC 7162 3.1.4). Messages are read in batches: their rows in one query, the
 * bytes of those that fit one stored chunk in another; BODY[] of a large message is
 * streamed from the store as it is written out.
 */
final class FetchCommand implements ImapCommand {

	private static final int BATCH = 100;

	static final DateTimeFormatter INTERNAL_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	@Override
	public List<String> names() {
		return List.of("FETCH");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return state == ImapSession.State.SELECTED;
	}

	@Override
	public boolean allowsExpungeAfter(Request request) {
		return request.uid();
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		SequenceSet set = args.sequenceSet();
		args.space();
		List<FetchItem> items = new ArrayList<>(FetchItem.parseAll(args));
		Long changedSince = null;
		if (args.accept(' ')) {
			args.expect('(');
			String modifier = args.upperAtom();
			if (!modifier.equals("CHANGEDSINCE")) {
				throw ImapException.bad("Unknown FETCH modifier " + modifier);
			}
			args.space();
			changedSince = args.number();
			args.expect(')');
			session.condstore = true;
		}
		args.end();
		SelectedMailbox selected = session.selected;
		long[] uids = selected.resolve(set, request.uid());
		if (request.uid() && items.stream().noneMatch((item) -> item.kind() == FetchItem.Kind.UID)) {
			items.add(0, FetchItem.of(FetchItem.Kind.UID));
		}
		boolean flagsAsked = items.stream().anyMatch((item) -> item.kind() == FetchItem.Kind.FLAGS);
		if (session.condstore && (flagsAsked || changedSince != null)
				&& items.stream().noneMatch((item) -> item.kind() == FetchItem.Kind.MODSEQ)) {
			items.add(FetchItem.of(FetchItem.Kind.MODSEQ));
		}
		boolean setsSeen = !selected.readOnly && items.stream().anyMatch(FetchItem::setsSeen);
		boolean needsContent = items.stream().anyMatch(FetchItem::needsContent);
		for (int from = 0; from < uids.length; from += BATCH) {
			long[] batch = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + BATCH));
			List<UidMessage> messages = session.services.store.messages(session.userId(), selected.folderId, batch);
			if (changedSince != null) {
				long since = changedSince;
				messages = messages.stream().filter((message) -> message.modSeq() > since).toList();
			}
			List<Long> flagsChanged = new ArrayList<>();
			if (setsSeen) {
				messages = markSeen(session, messages, flagsChanged);
			}
			Map<Long, byte[]> contents = needsContent ? session.services.store
				.smallContents(messages.stream().mapToLong(UidMessage::contentId).distinct().toArray()) : Map.of();
			for (UidMessage message : messages) {
				int seq = selected.seqOf(message.uid());
				if (seq > 0) {
					write(session, seq, message, items, contents.get(message.contentId()),
							flagsChanged.contains(message.uid()) && !flagsAsked);
				}
			}
		}
		return "OK FETCH completed";
	}

	/** Sets {@code \Seen} on those not seen yet; returns the messages as they are now. */
	private static List<UidMessage> markSeen(ImapSession session, List<UidMessage> messages, List<Long> changed) {
		long[] unseen = messages.stream().filter((m) -> !m.flags().seen()).mapToLong(UidMessage::uid).toArray();
		if (unseen.length == 0) {
			return messages;
		}
		StoreResult result = session.services.store.store(session.userId(), session.selected.folderId, unseen,
				(flags) -> new MessageFlags(true, flags.answered(), flags.flagged(), flags.deleted(), flags.draft(),
						flags.keywords()),
				null);
		Map<Long, UidMessage> updated = new HashMap<>();
		for (UidMessage message : result.messages()) {
			updated.put(message.uid(), message);
			changed.add(message.uid());
			session.selected.reported(message.modSeq());
		}
		return messages.stream().map((m) -> updated.getOrDefault(m.uid(), m)).toList();
	}

	private static void write(ImapSession session, int seq, UidMessage message, List<FetchItem> items, byte[] small,
			boolean addFlags) throws IOException {
		ImapOutput out = session.out;
		byte[] raw = small;
		MimeEntity parsed = null;
		out.raw("* " + seq + " FETCH (");
		boolean first = true;
		for (FetchItem item : items) {
			if (!first) {
				out.raw(" ");
			}
			first = false;
			switch (item.kind()) {
				case UID -> out.raw("UID " + message.uid());
				case FLAGS -> out.raw("FLAGS " + Flags.format(message.flags()));
				case MODSEQ -> out.raw("MODSEQ (" + message.modSeq() + ")");
				case INTERNALDATE -> out.raw("INTERNALDATE \"" + INTERNAL_DATE.format(message.internalDate()) + "\"");
				case RFC822_SIZE -> out.raw("RFC822.SIZE " + message.size());
				default -> {
					if (item.isWholeMessage() && raw == null) {
						out.raw(label(item) + " ");
						try (InputStream in = session.services.store.openContent(message.contentId())) {
							out.literal(in, message.size());
						}
						continue;
					}
					if (raw == null) {
						raw = load(session, message);
					}
					if (parsed == null) {
						parsed = MimeEntity.parse(raw);
					}
					writeContentItem(out, item, raw, parsed);
				}
			}
		}
		if (addFlags) {
			out.raw(" FLAGS " + Flags.format(message.flags()));
			if (session.condstore && items.stream().noneMatch((item) -> item.kind() == FetchItem.Kind.MODSEQ)) {
				out.raw(" MODSEQ (" + message.modSeq() + ")");
			}
		}
		out.raw(")").crlf();
	}

	private static byte[] load(ImapSession session, UidMessage message) {
		try (InputStream in = session.services.store.openContent(message.contentId())) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeContentItem(ImapOutput out, FetchItem item, byte[] raw, MimeEntity parsed)
			throws IOException {
		switch (item.kind()) {
			case ENVELOPE -> {
				out.raw("ENVELOPE ");
				Structures.envelope(out, parsed);
			}
			case BODYSTRUCTURE -> {
				out.raw("BODYSTRUCTURE ");
				Structures.body(out, parsed, true);
			}
			case BODY -> {
				out.raw("BODY ");
				Structures.body(out, parsed, false);
			}
			default -> {
				out.raw(label(item) + " ");
				byte[] bytes = SectionReader.read(parsed, item.section());
				if (bytes == null) {
					out.raw("NIL");
				}
				else if (item.partialStart() >= 0) {
					int start = (int) Math.min(item.partialStart(), bytes.length);
					int length = (int) Math.min(item.partialLength(), bytes.length - start);
					out.literal(bytes, start, length);
				}
				else {
					out.literal(bytes, 0, bytes.length);
				}
			}
		}
	}

	private static String label(FetchItem item) {
		return switch (item.kind()) {
			case RFC822 -> "RFC822";
			case RFC822_HEADER -> "RFC822.HEADER";
			case RFC822_TEXT -> "RFC822.TEXT";
			default -> "BODY[" + item.section().text() + "]"
					+ ((item.partialStart() >= 0) ? "<" + item.partialStart() + ">" : "");
		};
	}

	static String internalDate(Instant instant) {
		return INTERNAL_DATE.format(instant);
	}

}
