package dev.mailroom.mailbox;

import java.util.List;

/**
 * What changed in a folder since a mod-sequence, read in one snapshot.
 *
 * @param highestModSeq the folder's highest mod-sequence now
 * @param count how many messages the folder holds now
 * @param changed messages changed or added since, by UID (expunged ones are simply gone:
 * compare {@code count})
 */
public record FolderChanges(long highestModSeq, long count, List<UidMessage> changed) {
}
