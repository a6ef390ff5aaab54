package dev.mailroom.mime;

/**
 * A composed message, ready to store or send.
 *
 * @param messageId the Message-ID written into the message, without angle brackets (as
 * {@link MessageSummary#messageId()} reports it)
 * @param raw the RFC 5322 message, CRLF line ends, no Bcc field
 */
public record Composed(String messageId, byte[] raw) {

}
