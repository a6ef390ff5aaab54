package dev.mailroom.delivery;

/** No next hop for a domain: permanent (bounce) or temporary (retry later). */
class RoutingException extends Exception {

	private final boolean permanent;

	RoutingException(String message, boolean permanent) {
		super(message);
		this.permanent = permanent;
	}

	boolean isPermanent() {
		return this.permanent;
	}

}
