package dev.mailroom.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.mailroom.mailbox.MessageDetail;
import dev.mailroom.mime.Mailbox;

/** Fills the compose form for a reply or a forward of a message. */
final class Prefill {

	private Prefill() {
	}

	static void apply(ComposeForm form, MessageDetail original, MessageContent.Display display, CurrentUser me,
			boolean reply, boolean replyAll, boolean forward, boolean forwardAttached, String signature) {
		String subject = original.item().subject();
		String quotedText = (display.body() != null && display.body().text() != null) ? display.body().text() : "";
		String signatureBlock = signature.isBlank() ? "" : "\n\n-- \n" + signature;
		if (reply || replyAll) {
			List<Mailbox> target = original.replyTo().isEmpty() ? original.item().from() : original.replyTo();
			Map<String, Mailbox> to = new LinkedHashMap<>();
			target.forEach((mailbox) -> to.putIfAbsent(key(mailbox), mailbox));
			Map<String, Mailbox> cc = new LinkedHashMap<>();
			if (replyAll) {
				original.item().to().forEach((mailbox) -> to.putIfAbsent(key(mailbox), mailbox));
				original.cc().forEach((mailbox) -> cc.putIfAbsent(key(mailbox), mailbox));
				to.remove(me.email().toLowerCase(Locale.ROOT));
				cc.remove(me.email().toLowerCase(Locale.ROOT));
				to.keySet().forEach(cc::remove);
			}
			form.setTo(join(to.values()));
			form.setCc(join(cc.values()));
			form.setSubject(subject.matches("(?i)^(re|aw|sv|답장|회신)(\\[\\d+\\])?:.*") ? subject : "Re: " + subject);
			form.setInReplyTo(original.messageIdHeader());
			List<String> references = new ArrayList<>(original.references());
			if (original.messageIdHeader() != null) {
				references.add(original.messageIdHeader());
			}
			form.setReferences(String.join(" ", references));
			form.setReplyTo(original.id());
			String who = original.item().from().isEmpty() ? "" : original.item().from().get(0).toString();
			form.setText(signatureBlock + "\n\n" + who + ":\n"
					+ quotedText.lines().map((line) -> "> " + line).collect(Collectors.joining("\n")));
		}
		else if (forward || forwardAttached) {
			form.setSubject(subject.matches("(?i)^(fwd?|전달):.*") ? subject : "Fwd: " + subject);
			if (forwardAttached) {
				form.setForwardAttached(original.id());
				form.setText(signatureBlock);
			}
			else {
				form.setText(signatureBlock + "\n\n---------- Forwarded message ---------\nFrom: "
						+ join(original.item().from()) + "\nSubject: " + subject + "\nTo: " + join(original.item().to())
						+ "\n\n" + quotedText);
			}
		}
	}

	private static String key(Mailbox mailbox) {
		return mailbox.address().toLowerCase(Locale.ROOT);
	}

	private static String join(java.util.Collection<Mailbox> mailboxes) {
		return mailboxes.stream().map(Mailbox::toString).collect(Collectors.joining(", "));
	}

}
