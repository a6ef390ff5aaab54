package dev.mailroom.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ENABLE (RFC 5161): of the extensions that need it, CONDSTORE. */
final class EnableCommand implements ImapCommand {

	@Override
	public List<String> names() {
		return List.of("ENABLE");
	}

	@Override
	public boolean allowedIn(ImapSession.State state) {
		return ImapCommand.authenticated(state);
	}

	@Override
	public String execute(ImapSession session, Request request) throws IOException {
		Arguments args = request.args();
		List<String> enabled = new ArrayList<>();
		do {
			String capability = args.atom().toUpperCase(Locale.ROOT);
			if (capability.equals("CONDSTORE") && !enabled.contains(capability)) {
				session.condstore = true;
				enabled.add(capability);
			}
		}
		while (args.accept(' '));
		args.end();
		session.untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
		return "OK ENABLE completed";
	}

}
