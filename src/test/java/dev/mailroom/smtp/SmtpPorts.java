package dev.mailroom.smtp;

import org.springframework.context.ApplicationContext;

/**
 * The SMTP listeners' bound ports, for tests of other modules that deliver mail over SMTP
 * (POP3 and IMAP fetch what SMTP stored).
 */
public final class SmtpPorts {

	private SmtpPorts() {
	}

	public static int mx(ApplicationContext context) {
		return context.getBean(SmtpServer.class).port(Listener.MX);
	}

}
