package dev.mailroom.mailbox;

import java.util.List;

/**
 * Where copied or moved messages went (RFC 4315 COPYUID): {@code sourceUids.get(i)}
 * became {@code targetUids.get(i)} in the target folder.
 */
public record UidMapping(long targetUidValidity, List<Long> sourceUids, List<Long> targetUids) {

	public boolean isEmpty() {
		return this.sourceUids.isEmpty();
	}

}
