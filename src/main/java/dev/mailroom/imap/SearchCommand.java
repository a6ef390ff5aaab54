package dev.mailroom.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mailroom.mailbox.UidMessage;

/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4) over the selected mailbox, with CHARSET UTF-8
 * and CONDSTORE's MODSEQ key (RFC 7162 3.1.5). Flag, size, date and UID keys are tested
 * on the message rows; text keys read the messages, in batches.
 */
final class SearchCommand implements ImapCommand {

	private static final int BATCH = 100;

	@Override
	public List<String> names() {
		return List.of("SEARCH");
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
		SearchCriteria.Program program = SearchCriteria.parse(request.args());
		if (program.modSeq()) {
			session.condstore = true;
		}
		SelectedMailbox selected = session.selected;
		List<UidMessage> messages = session.services.store.messages(session.userId(), selected.folderId);
		List<Long> found = new ArrayList<>();
		long highest = 0;
		for (int from = 0; from < messages.size(); from += BATCH) {
			List<UidMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
			Map<Long, byte[]> contents = program.needsContent() ? session.services.store
				.smallContents(batch.stream().mapToLong(UidMessage::contentId).distinct().toArray()) : Map.of();
			for (UidMessage message : batch) {
				int seq = selected.seqOf(message.uid());
				if (seq == 0) {
					continue;
				}
				SearchCriteria.Candidate candidate = new SearchCriteria.Candidate(seq, message, selected.maxUid(),
						selected.size(), session.services.parser, () -> {
							byte[] raw = contents.get(message.contentId());
							return (raw != null) ? raw : load(session, message.contentId());
						});
				if (program.test().test(candidate)) {
					found.add(request.uid() ? message.uid() : seq);
					highest = Math.max(highest, message.modSeq());
				}
			}
		}
		StringBuilder response = new StringBuilder("SEARCH");
		found.stream().sorted().forEach((n) -> response.append(' ').append(n));
		if (program.modSeq() && !found.isEmpty()) {
			response.append(" (MODSEQ ").append(highest).append(')');
		}
		session.untagged(response.toString());
		return "OK SEARCH completed";
	}

	private static byte[] load(ImapSession session, long contentId) {
		try (InputStream in = session.services.store.openContent(contentId)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
