package dev.mailroom.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mailroom.delivery.RecipientDelivery;
import dev.mailroom.mailbox.MessageListItem;
import dev.mailroom.mime.Mailbox;
import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON shapes of messages in the API. */
final class MessageViews {

	private MessageViews() {
	}

	record Address(@Schema(example = "kim@example.org") String email, @Schema(example = "김철수") String name) {

		static Address of(Mailbox mailbox) {
			return new Address(mailbox.address(), mailbox.name());
		}

	}

	static List<Address> addresses(List<Mailbox> mailboxes) {
		return mailboxes.stream().map(Address::of).toList();
	}

	record Flags(boolean seen, boolean flagged, boolean answered, boolean draft) {
	}

	@Schema(description = "A message as lists show it")
	record Summary(@Schema(description = "The message's id in its folder: use it in /api/v1/messages/{id}") long id,
			@JsonProperty("folder_id") long folderId, @JsonProperty("thread_id") long threadId,
			@JsonProperty("received_at") Instant receivedAt, long size, List<Address> from, List<Address> to,
			String subject, String preview, @JsonProperty("has_attachments") boolean hasAttachments, Flags flags) {

		static Summary of(MessageListItem item) {
			return new Summary(item.id(), item.folderId(), item.threadId(), item.internalDate(), item.size(),
					addresses(item.from()), addresses(item.to()), item.subject(), item.preview(), item.hasAttachments(),
					new Flags(item.seen(), item.flagged(), item.answered(), item.draft()));
		}

	}

	record Page(List<Summary> messages, @Schema(
			description = "Pass as cursor for the next (older) page; null on the last page") @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
	}

	@Schema(description = "One attachment or inline part")
	record AttachmentView(@Schema(description = "Its n in /attachments/{n}") int index, String filename,
			@JsonProperty("content_type") String contentType, @Schema(description = "Decoded size in bytes") long size,
			@Schema(description = "attachment or inline") String disposition,
			@JsonProperty("content_id") String contentId, String url) {
	}

	@Schema(description = "A message with its decoded bodies")
	record Detail(long id, @JsonProperty("message_id") String messageId, @JsonProperty("folder_id") long folderId,
			@Schema(example = "inbox") String folder, @JsonProperty("thread_id") long threadId,
			@JsonProperty("received_at") Instant receivedAt, @JsonProperty("sent_at") Instant sentAt, long size,
			List<Address> from, List<Address> to, List<Address> cc, @JsonProperty("reply_to") List<Address> replyTo,
			String subject, @JsonProperty("in_reply_to") String inReplyTo, List<String> references, Flags flags,
			@Schema(description = "The plain text body (from the HTML when there is no text part)") String text,
			@Schema(description = "The HTML body, sanitised (no scripts, remote images removed); null when none") String html,
			@JsonProperty("remote_images_blocked") boolean remoteImagesBlocked, List<AttachmentView> attachments,
			@Schema(description = "Tags given when it was sent with the API") List<SendRequest.Tag> tags,
			@Schema(description = "Metadata given when it was sent with the API") Map<String, String> metadata) {
	}

	@Schema(description = "A send accepted")
	record Accepted(
			@Schema(description = "The Message-ID (without <>): use it as {id} for deliveries and cancel",
					example = "4f1c2a9e7b3d4e5f8a6b0c1d2e3f4a5b@mail.example.com") String id,
			@Schema(example = "queued", allowableValues = {
					"queued", "scheduled" }) String status,
			@JsonProperty("submitted_at") Instant submittedAt, @JsonProperty("send_at") Instant sendAt,
			@JsonProperty("sent_id") @Schema(
					description = "The id of its copy in the caller's Sent folder (not for scheduled or raw sends)") Long sentId){
	}

	record Cancelled(String id, @Schema(example = "cancelled") String status, @JsonProperty("draft_id") @Schema(
			description = "The message is back in Drafts with this id") Long draftId) {
	}

	@Schema(description = "Where one recipient stands")
	record Delivery(String recipient, @Schema(description = "A user of this server: delivered at once") boolean local,
			@Schema(allowableValues = {
					"scheduled", "queued", "delivering", "delivered", "deferred", "bounced", "skipped" }) String state,
			int attempts, @JsonProperty("last_reply") String lastReply,
			@JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("delivered_at") Instant deliveredAt){

		static Delivery of(RecipientDelivery delivery) {
			return new Delivery(delivery.recipient(), delivery.local(), delivery.state(), delivery.attempts(),
					delivery.lastReply(), delivery.nextAttemptAt(), delivery.deliveredAt());
		}

	}

	record Deliveries(@Schema(description = "The Message-ID") String id, List<Delivery> recipients) {
	}

}
