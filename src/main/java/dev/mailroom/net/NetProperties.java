package dev.mailroom.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Network settings shared by every protocol.
 *
 * @param dataDir where Mailroom keeps its state; the generated certificate lives in its
 * {@code tls} sub-directory
 * @param hostname the name this server answers to; when blank, the machine's canonical
 * host name, else {@code localhost}
 * @param tls where the TLS certificate comes from
 */
@ConfigurationProperties("mailroom")
record NetProperties(@DefaultValue("./data") Path dataDir, String hostname, @DefaultValue Tls tls) {

	NetProperties {
		if (hostname == null || hostname.isBlank()) {
			hostname = localHostName();
		}
		if (tls == null) {
			tls = new Tls(null);
		}
	}

	/**
	 * @param bundle name of a Spring Boot SSL bundle
	 * ({@code spring.ssl.bundle.pem.<name>...}) holding the certificate; when blank, a
	 * self-signed certificate is generated once and kept in
	 * {@code ${mailroom.data-dir}/tls/self-signed.p12}
	 */
	record Tls(String bundle) {
	}

	Path selfSignedKeyStore() {
		return this.dataDir.resolve("tls").resolve("self-signed.p12").toAbsolutePath().normalize();
	}

	private static String localHostName() {
		try {
			String name = InetAddress.getLocalHost().getCanonicalHostName();
			return (name == null || name.isBlank()) ? "localhost" : name;
		}
		catch (UnknownHostException | SecurityException ex) {
			return "localhost";
		}
	}

}
