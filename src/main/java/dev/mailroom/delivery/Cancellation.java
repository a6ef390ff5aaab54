package dev.mailroom.delivery;

/**
 * What became of a request to cancel a scheduled message.
 *
 * @param outcome cancelled, or too late
 * @param draftMessageId when cancelled: the message in the user's Drafts folder that
 * holds it, to edit and send again; null when too late
 */
public record Cancellation(Outcome outcome, Long draftMessageId) {

	/** Whether the message was stopped before it went. */
	public boolean cancelled() {
		return this.outcome == Outcome.CANCELLED;
	}

	static Cancellation cancelled(long draftMessageId) {
		return new Cancellation(Outcome.CANCELLED, draftMessageId);
	}

	static Cancellation tooLate() {
		return new Cancellation(Outcome.TOO_LATE, null);
	}

	public enum Outcome {

		/** It did not go, and it is in Drafts again, as a new draft. */
		CANCELLED,

		/**
		 * It has been sent already (or the user has no such scheduled message: once sent,
		 * nothing is left in the outbox to tell the two apart).
		 */
		TOO_LATE

	}

}
