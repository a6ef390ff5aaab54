package dev.mailroom.delivery;

/**
 * A submission the sender is not allowed to make, such as sending as someone else's
 * address.
 */
public class SubmissionRefusedException extends RuntimeException {

	public SubmissionRefusedException(String message) {
		super(message);
	}

}
