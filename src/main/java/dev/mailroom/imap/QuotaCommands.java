package dev.mailroom.imap;

import java.io.IOException;
import java.util.List;

/**
 * GETQUOTA and GETQUOTAROOT (RFC 2087): one quota root {@code ""} for all of a user's
 * mail, from the account's quota (none when it is 0, unlimited). SETQUOTA is the
 * administrator's, not the client's.
 */
final class QuotaCommands implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("GETQUOTA", "GETQUOTAROOT", "SETQUOTA");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		long limit = session.user.quotaBytes();
		switch (request.name()) {
			case "GETQUOTAROOT" -> {
				String name = args.astring();
				args.end();
				FolderCommands.require(session, name);
				session.out.raw("* QUOTAROOT ").string(FolderTree.encode(FolderTree.decode(name)));
				session.out.raw((limit > 0) ? " \"\"" : "").crlf();
				if (limit > 0) {
					quota(session, limit);
				}
				return "OK GETQUOTAROOT completed";
			}
			case "GETQUOTA" -> {
				String root = args.astring();
				args.end();
				if (!root.isEmpty() || limit <= 0) {
					throw ImapException.no("NONEXISTENT", "No such quota root");
				}
				quota(session, limit);
				return "OK GETQUOTA completed";
			}
			default -> throw ImapException.no("NOPERM", "Quotas are set by the administrator");
		}
	}

	/** Usage and limit in units of 1024 octets (RFC 2087 3). */
	private static void quota(ImapSession session, long limit) throws IOException {
		long used = session.services.store.usage(session.userId());
		session.untagged("QUOTA \"\" (STORAGE " + ((used + 1023) / 1024) + " " + (limit / 1024) + ")");
	}

}
