package dev.mailroom.mime;

/**
 * A message parsed for display: its summary and its body tree.
 *
 * @param summary the decoded headers, preview and attachment flag
 * @param body the root part: the single body of a single-part message (path "1"), or the
 * top multipart (path "")
 */
public record ParsedMessage(MessageSummary summary, MimePart body) {

}
