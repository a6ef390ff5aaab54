package dev.mailroom.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.delivery.RecipientDelivery;
import dev.mailroom.delivery.RecipientOutcome;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What webhooks are told: {@code delivered}, {@code deferred} and {@code bounced} for
 * each remote recipient of mail a user sent (from the outbound queue), {@code delivered}
 * for each local recipient of mail sent with the API (at once), and {@code received} for
 * each message placed in a user's INBOX. Users without webhooks cost nothing here.
 */
@Component
class WebhookEvents {

	private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

	private final Webhooks webhooks;

	private final ApiSends sends;

	private final MailboxService mailboxes;

	private final MessageService messages;

	WebhookEvents(Webhooks webhooks, ApiSends sends, MailboxService mailboxes, MessageService messages) {
		this.webhooks = webhooks;
		this.sends = sends;
		this.mailboxes = mailboxes;
		this.messages = messages;
	}

	@EventListener
	void onOutcome(RecipientOutcome outcome) {
		if (outcome.submittedBy() == null || !this.webhooks.wants(outcome.submittedBy(), outcome.state())) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("message_id", outcome.messageId());
		data.put("recipient", outcome.recipient());
		data.put("local", false);
		data.put("state", outcome.state());
		data.put("reply", outcome.reply());
		data.put("attempts", outcome.attempts());
		data.put("next_attempt_at", (outcome.nextAttemptAt() != null) ? outcome.nextAttemptAt().toString() : null);
		addSend(outcome.submittedBy(), outcome.messageId(), data);
		this.webhooks.enqueue(outcome.submittedBy(), outcome.state(), data);
	}

	/** Local recipients of a message just sent with the API: delivered at once. */
	void localDelivered(long userId, String messageId, List<RecipientDelivery> recipients, List<SendRequest.Tag> tags,
			Map<String, String> metadata) {
		for (RecipientDelivery recipient : recipients) {
			if (!recipient.local() || !recipient.state().equals("delivered")) {
				continue;
			}
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("message_id", messageId);
			data.put("recipient", recipient.recipient());
			data.put("local", true);
			data.put("state", "delivered");
			data.put("attempts", 0);
			data.put("tags", tags);
			data.put("metadata", metadata);
			this.webhooks.enqueue(userId, "delivered", data);
		}
	}

	boolean wantsDelivered(long userId) {
		return this.webhooks.wants(userId, "delivered");
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onStored(MessageStored event) {
		try {
			if (!this.webhooks.wants(event.userId(), "received")) {
				return;
			}
			boolean inbox = this.mailboxes.findFolder(event.userId(), event.folderId())
				.map((folder) -> folder.role() == FolderRole.INBOX)
				.orElse(false);
			if (!inbox) {
				return;
			}
			Optional<MessageDetail> detail = this.messages.find(event.userId(), event.messageId());
			detail.ifPresent((message) -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("id", message.id());
				data.put("message_id", message.messageIdHeader());
				data.put("folder_id", message.item().folderId());
				data.put("from", MessageViews.addresses(message.item().from()));
				data.put("to", MessageViews.addresses(message.item().to()));
				data.put("subject", message.item().subject());
				data.put("preview", message.item().preview());
				data.put("received_at", message.item().internalDate().toString());
				this.webhooks.enqueue(event.userId(), "received", data);
			});
		}
		catch (RuntimeException ex) {
			// Never a reason to fail a delivery.
			log.warn("Could not queue the received webhook for message {}", event.messageId(), ex);
		}
	}

	private void addSend(long userId, String messageId, Map<String, Object> data) {
		if (messageId == null) {
			return;
		}
		this.sends.find(userId, messageId).ifPresent((send) -> {
			data.put("tags", send.tags());
			data.put("metadata", send.metadata());
		});
	}

	static String iso(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
