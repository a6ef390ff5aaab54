package dev.mailroom.pop3;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.FolderSnapshots;
import dev.mailroom.mailbox.MessageService;
import dev.mailroom.mailbox.MessageStore;

/** What a session needs from the rest of Mailroom, shared by all sessions. */
record Pop3Services(Pop3Properties properties, String hostname, Authenticator authenticator, FolderSnapshots snapshots,
		MessageStore store, MessageService messages) {
}
