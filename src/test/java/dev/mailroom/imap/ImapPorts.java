package dev.mailroom.imap;

import org.springframework.context.ApplicationContext;

/**
 * The IMAP listeners' bound ports, for tests of other modules that check what a mail
 * client sees (an FTP upload, for one).
 */
public final class ImapPorts {

	private ImapPorts() {
	}

	/** The implicit TLS (IMAPS) listener. */
	public static int imaps(ApplicationContext context) {
		return context.getBean(ImapServer.class).port(true);
	}

}
