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
import dev.mailroom.mailbox.UidStore;

/**
 * FETCH and UID FETCH (RFC 3501 6.4.5) with CONDSTORE's MODSEQ item and CHANGEDSINCE
 * modifier (RFC 7162 3.1.4). Messages are read in batches: their rows, with the whole
 * message when it fits one stored chunk, in one query. Items the header block answers (a
 * client's header download) read only that block, parsed once and cached
 * ({@link HeaderCache}); BODY[] of a large message is streamed from the store as it is
 * written out.
 */
final class FetchCommand implements ImapCommand {

	private static final int BATCH = 100;

	// Without the bytes, rows are small.
	private static final int HEADER_BATCH = 1000;

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
		List<FetchItem> contentItems = items.stream().filter(FetchItem::needsContent).toList();
		boolean headerOnly = !contentItems.isEmpty() && contentItems.stream().allMatch(FetchItem::needsHeaderOnly);
		boolean withContent = !contentItems.isEmpty() && !headerOnly;
		int batchSize = withContent ? BATCH : HEADER_BATCH;
		List<String> labels = new ArrayList<>();
		items.forEach((item) -> labels.add((item.section() != null) ? label(item) : null));
		for (int from = 0; from < uids.length; from += batchSize) {
			long[] batch = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + batchSize));
			UidStore.Fetched result = session.services.store.fetch(session.userId(), selected.folderId, batch,
					withContent);
			if (from == 0 && !setsSeen) {
				selected.freshModSeq(result.highestModSeq());
			}
			List<UidStore.FetchedMessage> fetched = result.messages();
			if (changedSince != null) {
				long since = changedSince;
				fetched = fetched.stream().filter((f) -> f.message().modSeq() > since).toList();
			}
			List<Long> flagsChanged = new ArrayList<>();
			Map<Long, UidMessage> updated = setsSeen
					? markSeen(session, fetched.stream().map(UidStore.FetchedMessage::message).toList(), flagsChanged)
					: Map.of();
			Map<Long, MimeEntity> headers = headerOnly ? headers(session, fetched) : Map.of();
			for (UidStore.FetchedMessage f : fetched) {
				UidMessage message = updated.getOrDefault(f.message().uid(), f.message());
				int seq = selected.seqOf(message.uid());
				if (seq > 0) {
					write(session, seq, message, items, labels, f.raw(), headers.get(message.contentId()),
							flagsChanged.contains(message.uid()) && !flagsAsked);
				}
			}
		}
		return "OK FETCH completed";
	}

	/**
	 * The parsed header blocks of these messages, by content: from the cache, the others
	 * read in one query. Headers too large for that are left out.
	 */
	private static Map<Long, MimeEntity> headers(ImapSession session, List<UidStore.FetchedMessage> fetched) {
		HeaderCache cache = session.services.headers;
		Map<Long, MimeEntity> headers = new HashMap<>();
		List<Long> missing = new ArrayList<>();
		for (UidStore.FetchedMessage f : fetched) {
			long contentId = f.message().contentId();
			MimeEntity header = cache.get(contentId);
			if (header != null) {
				headers.put(contentId, header);
			}
			else {
				missing.add(contentId);
			}
		}
		if (!missing.isEmpty()) {
			session.services.store.headers(missing.stream().mapToLong(Long::longValue).distinct().toArray())
				.forEach((contentId, raw) -> {
					MimeEntity header = MimeEntity.parse(raw);
					cache.put(contentId, header);
					headers.put(contentId, header);
				});
		}
		return headers;
	}

	/** Sets {@code \Seen} on those not seen yet; returns those changed, by UID. */
	private static Map<Long, UidMessage> markSeen(ImapSession session, List<UidMessage> messages, List<Long> changed) {
		long[] unseen = messages.stream().filter((m) -> !m.flags().seen()).mapToLong(UidMessage::uid).toArray();
		if (unseen.length == 0) {
			return Map.of();
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
		return updated;
	}

	/**
	 * @param small the whole message read with its row, or null
	 * @param header its parsed header block when every content item needs only that, or
	 * null
	 */
	private static void write(ImapSession session, int seq, UidMessage message, List<FetchItem> items,
			List<String> labels, byte[] small, MimeEntity header, boolean addFlags) throws IOException {
		ImapOutput out = session.out;
		byte[] raw = small;
		MimeEntity parsed = header;
		out.raw("* " + seq + " FETCH (");
		for (int i = 0; i < items.size(); i++) {
			FetchItem item = items.get(i);
			if (i > 0) {
				out.raw(" ");
			}
			switch (item.kind()) {
				case UID -> out.raw("UID " + message.uid());
				case FLAGS -> out.raw("FLAGS " + Flags.format(message.flags()));
				case MODSEQ -> out.raw("MODSEQ (" + message.modSeq() + ")");
				case INTERNALDATE -> out.raw("INTERNALDATE \"" + INTERNAL_DATE.format(message.internalDate()) + "\"");
				case RFC822_SIZE -> out.raw("RFC822.SIZE " + message.size());
				default -> {
					if (item.isWholeMessage()) {
						// Sent as stored, without parsing it.
						out.raw(labels.get(i)).raw(" ");
						if (raw != null) {
							out.literal(raw, 0, raw.length);
						}
						else {
							try (InputStream in = session.services.store.openContent(message.contentId())) {
								out.literal(in, message.size());
							}
						}
						continue;
					}
					if (parsed == null) {
						parsed = MimeEntity.parse((raw != null) ? raw : load(session, message));
					}
					writeContentItem(out, item, labels.get(i), parsed);
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

	private static void writeContentItem(ImapOutput out, FetchItem item, String label, MimeEntity parsed)
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
				out.raw(label).raw(" ");
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
