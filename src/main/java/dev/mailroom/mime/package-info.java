/**
 * Parsing and building RFC 5322 / MIME messages: RFC 2047 encoded words, transfer
 * encodings, legacy Korean charsets, multipart trees and attachments. Streams with Apache
 * mime4j so a large message is never held in the heap twice. Messages are composed with
 * Jakarta Mail ({@link dev.mailroom.mime.MessageComposer}); replies and forwards are
 * started by {@link dev.mailroom.mime.Replies}, and attachment downloads named by
 * {@link dev.mailroom.mime.HttpFilenames}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.mailroom.mime;
