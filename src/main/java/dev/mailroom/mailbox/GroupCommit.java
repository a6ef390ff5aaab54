package dev.mailroom.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit, as databases do it for their log: callers that arrive while a batch is
 * being written form the next batch, and one of them (the leader) writes it for all, in
 * one transaction with one fsync. Each caller returns once its own item is written.
 *
 * <p>
 * If a batch fails, its items are retried one at a time, so one bad item fails alone.
 *
 * @param <T> an item to write
 * @param <R> what writing an item gives its caller
 */
final class GroupCommit<T, R> {

	private final Function<List<T>, List<R>> writer;

	private final ReentrantLock lock = new ReentrantLock();

	private Batch<T, R> pending = new Batch<>(this.lock.newCondition());

	private boolean leading;

	/**
	 * @param writer writes a batch in one transaction and returns one result per item, in
	 * order
	 */
	GroupCommit(Function<List<T>, List<R>> writer) {
		this.writer = writer;
	}

	private static final class Batch<T, R> {

		final List<T> items = new ArrayList<>();

		/**
		 * Its callers wait here: woken all when the batch is written, or one when the
		 * leader's place becomes free while the batch is still pending.
		 */
		final Condition wakeUp;

		List<R> results;

		List<RuntimeException> failures;

		boolean done;

		Batch(Condition wakeUp) {
			this.wakeUp = wakeUp;
		}

	}

	/**
	 * Writes the item with whatever else is waiting, and returns its result once
	 * committed. A batch holds at most one item per waiting caller, so its size is
	 * bounded by the callers' concurrency (the SMTP connection limit).
	 */
	R submit(T item) {
		this.lock.lock();
		try {
			Batch<T, R> batch = this.pending;
			int index = batch.items.size();
			batch.items.add(item);
			while (!batch.done) {
				if (this.leading) {
					batch.wakeUp.awaitUninterruptibly();
					continue;
				}
				// Batches are written in order, so an unwritten batch without a
				// leader is still the pending one: ours.
				this.leading = true;
				this.pending = new Batch<>(this.lock.newCondition());
				this.lock.unlock();
				try {
					write(batch);
				}
				finally {
					this.lock.lock();
					this.leading = false;
					batch.wakeUp.signalAll();
					// Hand the lead to one caller of the next batch, if it has any.
					this.pending.wakeUp.signal();
				}
			}
			RuntimeException failure = batch.failures.get(index);
			if (failure != null) {
				throw failure;
			}
			return batch.results.get(index);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void write(Batch<T, R> batch) {
		List<R> results = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		try {
			results.addAll(this.writer.apply(batch.items));
			batch.items.forEach((item) -> failures.add(null));
		}
		catch (RuntimeException batchFailure) {
			results.clear();
			for (T item : batch.items) {
				try {
					results.add(this.writer.apply(List.of(item)).get(0));
					failures.add(null);
				}
				catch (RuntimeException itemFailure) {
					results.add(null);
					failures.add(itemFailure);
				}
			}
		}
		this.lock.lock();
		try {
			batch.results = results;
			batch.failures = failures;
			batch.done = true;
		}
		finally {
			this.lock.unlock();
		}
	}

}
