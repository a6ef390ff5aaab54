package dev.mailroom.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.account.AccountService;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where each recipient of a message a user sent stands: remote recipients as the outbound
 * queue has them (only the rows this user submitted), local recipients as delivered,
 * since {@link SubmissionService} places their copies in the sending transaction.
 */
@Service
public class DeliveryStatus {

	private final JdbcClient jdbc;

	private final AccountService accounts;

	DeliveryStatus(JdbcClient jdbc, AccountService accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	/**
	 * The recipients of a sent message: first those of {@code recipients} in their order,
	 * then any other queued recipient of the user's (such as a Bcc the caller did not
	 * know of).
	 * @param userId the sender; queue rows of other submitters are never shown
	 * @param contentId the stored message
	 * @param recipients the envelope recipients as far as known (To, Cc and Bcc of an API
	 * send; To and Cc of other mail)
	 * @param submittedAt when it was sent: the delivery time of local recipients
	 */
	public List<RecipientDelivery> of(long userId, long contentId, Collection<String> recipients, Instant submittedAt) {
		Map<String, RecipientDelivery> queued = new LinkedHashMap<>();
		this.jdbc.sql("""
				select recipient, state, attempts, last_reply, next_attempt_at, delivered_at
				from outbound_queue where content_id = :content and submitted_by = :user order by id
				""").param("content", contentId).param("user", userId).query((rs, row) -> {
			String state = rs.getString("state");
			boolean waiting = state.equals("queued") || state.equals("deferred");
			return new RecipientDelivery(rs.getString("recipient"), false, state, rs.getInt("attempts"),
					rs.getString("last_reply"), waiting ? instant(rs.getTimestamp("next_attempt_at")) : null,
					instant(rs.getTimestamp("delivered_at")));
		}).list().forEach((delivery) -> queued.putIfAbsent(key(delivery.recipient()), delivery));
		List<RecipientDelivery> result = new ArrayList<>();
		for (String recipient : new java.util.LinkedHashSet<>(recipients)) {
			RecipientDelivery remote = queued.remove(key(recipient));
			if (remote != null) {
				result.add(remote);
			}
			else if (this.accounts.resolveRecipient(recipient).isPresent()) {
				result.add(new RecipientDelivery(recipient, true, "delivered", 0, null, null, submittedAt));
			}
			else if (isLocalDomain(recipient)) {
				result.add(new RecipientDelivery(recipient, true, "skipped", 0, "No such user here", null, null));
			}
		}
		result.addAll(queued.values());
		return result;
	}

	/**
	 * Every recipient of a message that waits in the outbox: scheduled for its send time.
	 */
	public List<RecipientDelivery> scheduled(Collection<String> recipients, Instant sendAt) {
		return recipients.stream()
			.distinct()
			.map((recipient) -> new RecipientDelivery(recipient, this.accounts.resolveRecipient(recipient).isPresent(),
					"scheduled", 0, null, sendAt, null))
			.toList();
	}

	private boolean isLocalDomain(String address) {
		int at = address.lastIndexOf('@');
		return at > 0 && this.accounts.isLocalDomain(address.substring(at + 1));
	}

	private static String key(String address) {
		return address.toLowerCase(Locale.ROOT);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
