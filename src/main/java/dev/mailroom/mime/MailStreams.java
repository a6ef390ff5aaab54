package dev.mailroom.mime;

/**
 * Makes Jakarta Mail find its stream encoders cheaply. Jakarta Mail 2.1 looks up its
 * {@code StreamProvider} anew on every encoder or decoder it makes (each base64 or
 * quoted-printable body, each encoded word), with a {@code ServiceLoader} scan of the
 * class path unless the system property {@code jakarta.mail.util.StreamProvider} names
 * the class; in a Spring Boot jar that scan opens nested jar entries every time, and it
 * took a third of the CPU time of an API send (jakartaee/mail-api issue 861). Naming
 * Angus Mail's provider, the one the scan finds anyway, makes the lookup a loaded-class
 * check. A value set by the operator is left alone.
 */
final class MailStreams {

	static final String PROPERTY = "jakarta.mail.util.StreamProvider";

	static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

	static {
		if (System.getProperty(PROPERTY) == null) {
			try {
				Class.forName(ANGUS, false, MailStreams.class.getClassLoader());
				System.setProperty(PROPERTY, ANGUS);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// Another implementation: found by the scan, as before.
			}
		}
	}

	private MailStreams() {
	}

	/** Runs the static initializer once; later calls do nothing. */
	static void install() {
		// The work is done when the class is initialised.
	}

}
