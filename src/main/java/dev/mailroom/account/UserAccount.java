package dev.mailroom.account;

import java.time.Instant;

/**
 * A user as other modules see it. Carries no password hash.
 *
 * @param quotaBytes mailbox quota in bytes, 0 for unlimited
 */
public record UserAccount(long id, String email, String displayName, boolean admin, long quotaBytes,
		Instant createdAt) {
}
