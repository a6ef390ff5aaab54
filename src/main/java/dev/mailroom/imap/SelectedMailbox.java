package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.FolderChanges;
import dev.mailroom.mailbox.UidMessage;

/**
 * The selected mailbox as this session's client knows it: the UIDs in sequence-number
 * order (RFC 3501 2.3.1.2) and the mod-sequence it has heard of. {@link #sync} compares
 * that with the store and tells the client about new mail (EXISTS), messages others
 * removed (EXPUNGE) and flags others changed (FETCH), whoever made the change: another
 * session, the webmail, a delivery.
 */
final class SelectedMailbox {

	final long folderId;

	final long uidValidity;

	final boolean readOnly;

	private long[] uids;

	private long knownModSeq;

	// Someone removed messages while EXPUNGE responses were not allowed.
	private boolean expungeCheckPending;

	private SelectedMailbox(Folder folder, boolean readOnly, long[] uids) {
		this.folderId = folder.id();
		this.uidValidity = folder.uidValidity();
		this.readOnly = readOnly;
		this.uids = uids;
		this.knownModSeq = folder.highestModSeq();
	}

	/** Opens a folder as it is now; the messages are returned for SELECT's responses. */
	static SelectedMailbox open(Folder folder, boolean readOnly, List<UidMessage> messages) {
		return new SelectedMailbox(folder, readOnly, messages.stream().mapToLong(UidMessage::uid).toArray());
	}

	int size() {
		return this.uids.length;
	}

	long uidAt(int seq) {
		return this.uids[seq - 1];
	}

	/** The sequence number of a UID, or 0 when the client does not know it. */
	int seqOf(long uid) {
		int index = Arrays.binarySearch(this.uids, uid);
		return (index >= 0) ? index + 1 : 0;
	}

	long maxUid() {
		return (this.uids.length == 0) ? 0 : this.uids[this.uids.length - 1];
	}

	long knownModSeq() {
		return this.knownModSeq;
	}

	/**
	 * The UIDs a sequence set names, ascending: UIDs the client knows (unknown ones are
	 * ignored, RFC 3501 6.4.8), or the UIDs at those sequence numbers.
	 * @throws ImapException BAD for a sequence number beyond the last message
	 */
	long[] resolve(SequenceSet set, boolean uid) {
		if (uid) {
			// Each range is found by binary search: a set of thousands of ranges over a
			// large mailbox costs no more than reading it.
			java.util.BitSet chosen = new java.util.BitSet(this.uids.length);
			for (long[] range : set.ranges(maxUid())) {
				int from = insertionPoint(range[0]);
				int to = insertionPoint(range[1] + 1);
				if (from < to) {
					chosen.set(from, to);
				}
			}
			return chosen.stream().mapToLong((index) -> this.uids[index]).toArray();
		}
		int size = size();
		if (set.maxExplicit() > size) {
			throw ImapException.bad("No message with that sequence number");
		}
		return Arrays.stream(set.resolve(size)).map((seq) -> this.uids[(int) seq - 1]).toArray();
	}

	/** Index of the first UID at or above {@code uid}. */
	private int insertionPoint(long uid) {
		int index = Arrays.binarySearch(this.uids, uid);
		return (index >= 0) ? index : -index - 1;
	}

	/**
	 * A change this session made and already reported gave the folder this mod-sequence;
	 * when nobody else changed it in between, there is nothing more to tell.
	 */
	void reported(long modSeq) {
		if (modSeq == this.knownModSeq + 1) {
			this.knownModSeq = modSeq;
		}
	}

	/**
	 * Tells the client what changed.
	 * @return false when the folder is gone
	 */
	boolean sync(ImapSession session, boolean allowExpunge) throws IOException {
		Optional<FolderChanges> found = session.services.store.changesSince(session.userId(), this.folderId,
				this.knownModSeq);
		if (found.isEmpty()) {
			return false;
		}
		FolderChanges changes = found.get();
		boolean unchanged = changes.count() < 0;
		if (unchanged && !(this.expungeCheckPending && allowExpunge)) {
			return true;
		}
		long oldMax = maxUid();
		List<Long> added = new ArrayList<>();
		for (UidMessage message : changes.changed()) {
			if (message.uid() > oldMax) {
				added.add(message.uid());
			}
		}
		boolean removedSome = this.expungeCheckPending || (!unchanged && changes.count() != size() + added.size());
		if (removedSome) {
			if (allowExpunge) {
				long[] current = session.services.store.messages(session.userId(), this.folderId)
					.stream()
					.mapToLong(UidMessage::uid)
					.toArray();
				Set<Long> present = new HashSet<>();
				added.clear();
				for (long uid : current) {
					present.add(uid);
					if (uid > oldMax) {
						added.add(uid);
					}
				}
				List<Long> gone = new ArrayList<>();
				for (long uid : this.uids) {
					if (!present.contains(uid)) {
						gone.add(uid);
					}
				}
				expunged(session, gone);
				this.expungeCheckPending = false;
			}
			else {
				this.expungeCheckPending = true;
			}
		}
		if (!added.isEmpty()) {
			long[] grown = Arrays.copyOf(this.uids, this.uids.length + added.size());
			for (int i = 0; i < added.size(); i++) {
				grown[this.uids.length + i] = added.get(i);
			}
			this.uids = grown;
			session.untagged(size() + " EXISTS");
		}
		for (UidMessage message : changes.changed()) {
			int seq = (message.uid() <= oldMax) ? seqOf(message.uid()) : 0;
			if (seq > 0) {
				session.untagged(seq + " FETCH (UID " + message.uid() + " FLAGS " + Flags.format(message.flags())
						+ (session.condstore ? " MODSEQ (" + message.modSeq() + ")" : "") + ")");
			}
		}
		if (!unchanged) {
			this.knownModSeq = Math.max(this.knownModSeq, changes.highestModSeq());
		}
		return true;
	}

	/**
	 * Removes UIDs the client knows, telling it with EXPUNGE responses (highest sequence
	 * number first, so each number is right when it is read).
	 */
	void expunged(ImapSession session, List<Long> removed) throws IOException {
		if (removed.isEmpty()) {
			return;
		}
		Set<Long> gone = new HashSet<>(removed);
		for (int i = this.uids.length - 1; i >= 0; i--) {
			if (gone.contains(this.uids[i])) {
				session.untagged((i + 1) + " EXPUNGE");
			}
		}
		this.uids = Arrays.stream(this.uids).filter((uid) -> !gone.contains(uid)).toArray();
	}

}
