package dev.mailroom.delivery;

/** Mail for remote recipients was committed to the outbound queue. */
record MailQueued(long contentId) {
}
