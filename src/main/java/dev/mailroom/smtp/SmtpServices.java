package dev.mailroom.smtp;

import dev.mailroom.account.AccountService;
import dev.mailroom.account.Authenticator;
import dev.mailroom.delivery.SubmissionService;

/** What a session needs from the rest of Mailroom, shared by all sessions. */
record SmtpServices(SmtpProperties properties, String hostname, AccountService accounts, Authenticator authenticator,
		SubmissionService submissions) {
}
