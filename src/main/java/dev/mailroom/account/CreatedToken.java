package dev.mailroom.account;

import java.time.Instant;

/**
 * An API token just created: the only time its secret is at hand, to be shown to the user
 * once. Mailroom keeps only a hash of it.
 *
 * @param id the token's id, for revoking it
 * @param name what the user called it
 * @param token the whole secret, {@code mr_} and 43 URL-safe base64 characters
 * @param prefix the first characters after {@code mr_}, as lists show them
 */
public record CreatedToken(long id, String name, String token, String prefix, Instant createdAt) {

	@Override
	public String toString() {
		return "CreatedToken[id=" + this.id + ", name=" + this.name + ", prefix=" + this.prefix + "]";
	}

}
