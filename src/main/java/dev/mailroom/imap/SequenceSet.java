package dev.mailroom.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 3501 9, {@code sequence-set}): numbers and ranges such as
 * {@code 1:5,7,9:*}, of message sequence numbers or of UIDs. {@code *} is the largest
 * number in use; a range may be given in either order.
 */
final class SequenceSet {

	private static final long STAR = -1;

	private final List<long[]> ranges;

	private SequenceSet(List<long[]> ranges) {
		this.ranges = ranges;
	}

	static SequenceSet parse(String text) {
		List<long[]> ranges = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			int colon = part.indexOf(':');
			if (colon < 0) {
				long n = value(part);
				ranges.add(new long[] { n, n });
			}
			else {
				ranges.add(new long[] { value(part.substring(0, colon)), value(part.substring(colon + 1)) });
			}
		}
		return new SequenceSet(ranges);
	}

	private static long value(String text) {
		if (text.equals("*")) {
			return STAR;
		}
		if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw ImapException.bad("Invalid sequence set");
		}
		long n = Long.parseLong(text);
		if (n < 1 || n > 4294967295L) {
			throw ImapException.bad("Invalid sequence number " + text);
		}
		return n;
	}

	/**
	 * Whether the set holds {@code n}.
	 * @param largest what {@code *} stands for
	 */
	boolean contains(long n, long largest) {
		for (long[] range : this.ranges) {
			long a = (range[0] == STAR) ? largest : range[0];
			long b = (range[1] == STAR) ? largest : range[1];
			if (n >= Math.min(a, b) && n <= Math.max(a, b)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The largest number the set names explicitly, to check sequence numbers; a range
	 * with {@code *} names only what exists ({@code 1:*} of an empty mailbox is empty).
	 */
	long maxExplicit() {
		long max = 0;
		for (long[] range : this.ranges) {
			if (range[0] != STAR && range[1] != STAR) {
				max = Math.max(max, Math.max(range[0], range[1]));
			}
		}
		return max;
	}

	/** The ranges as {@code {low, high}} with {@code *} replaced by {@code largest}. */
	List<long[]> ranges(long largest) {
		List<long[]> resolved = new ArrayList<>();
		for (long[] range : this.ranges) {
			long a = (range[0] == STAR) ? largest : range[0];
			long b = (range[1] == STAR) ? largest : range[1];
			resolved.add(new long[] { Math.min(a, b), Math.max(a, b) });
		}
		return resolved;
	}

	/**
	 * The numbers of the set between 1 and {@code largest}, ascending, without repeats.
	 */
	long[] resolve(long largest) {
		java.util.BitSet seen = new java.util.BitSet();
		for (long[] range : this.ranges) {
			long a = (range[0] == STAR) ? largest : range[0];
			long b = (range[1] == STAR) ? largest : range[1];
			long from = Math.max(1, Math.min(a, b));
			long to = Math.min(largest, Math.max(a, b));
			if (from <= to) {
				seen.set((int) from, (int) to + 1);
			}
		}
		return seen.stream().asLongStream().toArray();
	}

	/** Numbers as a compact set: {@code 1:3,7}. */
	static String format(List<Long> numbers) {
		StringBuilder text = new StringBuilder();
		int i = 0;
		while (i < numbers.size()) {
			long start = numbers.get(i);
			long end = start;
			while (i + 1 < numbers.size() && numbers.get(i + 1) == end + 1) {
				end = numbers.get(++i);
			}
			if (!text.isEmpty()) {
				text.append(',');
			}
			text.append(start);
			if (end != start) {
				text.append(':').append(end);
			}
			i++;
		}
		return text.toString();
	}

}
