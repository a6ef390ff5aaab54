package dev.mailroom.account;

/**
 * A request about accounts that cannot be carried out; {@link #reason()} tells an adapter
 * which error to give (an HTTP status, an SMTP reply).
 */
public class AccountException extends RuntimeException {

	/** Why the request failed. */
	public enum Reason {

		/** Malformed input, such as an address that is not an address. */
		INVALID,
		/** The thing asked for does not exist. */
		NOT_FOUND,
		/** The thing to create exists already. */
		DUPLICATE,
		/** The thing is still in use, such as a domain that has users. */
		IN_USE

	}

	private final Reason reason;

	public AccountException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	static AccountException invalid(String message) {
		return new AccountException(Reason.INVALID, message);
	}

	static AccountException notFound(String message) {
		return new AccountException(Reason.NOT_FOUND, message);
	}

	static AccountException duplicate(String message) {
		return new AccountException(Reason.DUPLICATE, message);
	}

}
