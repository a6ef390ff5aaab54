package dev.mailroom.mime;

import java.util.List;

/**
 * A reply or forward as {@link Replies} starts it, for the user to edit: everything of a
 * {@link Draft} but the author, who is the user's choice. Null lists are taken as empty.
 *
 * @param to the To recipients; empty for a forward
 * @param cc the Cc recipients
 * @param subject the subject with its {@code Re: } or {@code Fwd: } prefix
 * @param text the plain text body: room for the user's text, then the quoted or forwarded
 * original; line breaks as LF
 * @param inReplyTo the Message-ID replied to, without angle brackets; null for a forward
 * or when the original had none
 * @param references the Message-IDs of the thread, oldest first, without angle brackets
 * @param attachments the attachments carried over: the original's files for an inline
 * forward, the original itself for a forward as attachment
 */
public record PrefilledDraft(List<Mailbox> to, List<Mailbox> cc, String subject, String text, String inReplyTo,
		List<String> references, List<Attachment> attachments) {

	public PrefilledDraft {
		to = (to != null) ? List.copyOf(to) : List.of();
		cc = (cc != null) ? List.copyOf(cc) : List.of();
		references = (references != null) ? List.copyOf(references) : List.of();
		attachments = (attachments != null) ? List.copyOf(attachments) : List.of();
	}

	/**
	 * The draft to compose, without Bcc, Reply-To, HTML or extra headers.
	 * @param from the author, such as the user's address the original was sent to
	 * @return the draft
	 */
	public Draft toDraft(Mailbox from) {
		return new Draft(from, this.to, this.cc, null, null, this.subject, this.text, null, this.attachments,
				this.inReplyTo, this.references, null);
	}

}
