package dev.mailroom.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class TlsTests {

	@TempDir
	Path dataDir;

	private LineServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void selfSignedCertificateIsGeneratedOnceAndReused() throws Exception {
		X509Certificate first = provider("mail.example.test").certificate();
		Path file = this.dataDir.resolve("tls/self-signed.p12");
		assertThat(file).isRegularFile();
		if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
			assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
					PosixFilePermission.OWNER_WRITE);
		}
		X509Certificate second = provider("other.example.test").certificate();
		assertThat(second).isEqualTo(first);
		assertThat(first.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test");
		assertThat(first.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "mail.example.test"),
				List.of(2, "localhost"), List.of(7, "127.0.0.1"));
		assertThat(first.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(first.getBasicConstraints()).isEqualTo(-1);
		assertThat(Duration.between(first.getNotBefore().toInstant(), first.getNotAfter().toInstant()))
			.isGreaterThanOrEqualTo(Duration.ofDays(3650));
	}

	@Test
	void implicitTlsServesTheCertificateFromTheFirstByte() throws Exception {
		TlsProvider tls = provider("mail.example.test");
		start(true, tls);
		try (SSLSocket socket = trustingClient(tls, this.server.port())) {
			socket.startHandshake();
			assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(tls.certificate());
			assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
			BufferedReader in = reader(socket);
			assertThat(in.readLine()).startsWith("220 ready TLSv1.");
			write(socket.getOutputStream(), "HELLO\r\n");
			assertThat(in.readLine()).isEqualTo("250 HELLO over TLS");
		}
	}

	@Test
	void implicitTlsClosesPlaintextClients() throws Exception {
		start(true, provider("mail.example.test"));
		try (TestClient client = new TestClient(this.server.port())) {
			client.send("EHLO plaintext\r\n");
			assertThat(client.socket.getInputStream().readAllBytes()).doesNotContain((byte) '2');
		}
	}

	@Test
	void oldProtocolsAreNotOffered() throws Exception {
		TlsProvider tls = provider("mail.example.test");
		start(true, tls);
		try (SSLSocket socket = trustingClient(tls, this.server.port())) {
			socket.setEnabledProtocols(new String[] { "TLSv1.1" });
			assertThatIOException().isThrownBy(socket::startHandshake);
		}
	}

	@Test
	void startTlsDiscardsCommandsInjectedBeforeTheHandshake() throws Exception {
		TlsProvider tls = provider("mail.example.test");
		start(false, tls);
		try (Socket plain = new Socket("127.0.0.1", this.server.port())) {
			plain.setSoTimeout(5000);
			BufferedReader plainIn = reader(plain);
			assertThat(plainIn.readLine()).isEqualTo("220 ready plain");
			// One write, so both lines arrive in one segment (CVE-2011-0411).
			write(plain.getOutputStream(), "STARTTLS\r\nNOOP-INJECTED\r\n");
			assertThat(plainIn.readLine()).isEqualTo("220 go ahead");
			SSLSocket socket = (SSLSocket) trustingContext(tls).getSocketFactory()
				.createSocket(plain, "127.0.0.1", this.server.port(), true);
			socket.startHandshake();
			BufferedReader in = reader(socket);
			write(socket.getOutputStream(), "AFTER-TLS\r\n");
			assertThat(in.readLine()).isEqualTo("250 AFTER-TLS over TLS");
		}
	}

	@Test
	void startTlsWorksWhenTheClientHelloIsAlreadyWaiting() throws Exception {
		TlsProvider tls = provider("mail.example.test");
		start(false, tls);
		try (Socket plain = new Socket("127.0.0.1", this.server.port())) {
			plain.setSoTimeout(5000);
			BufferedReader plainIn = reader(plain);
			assertThat(plainIn.readLine()).isEqualTo("220 ready plain");
			write(plain.getOutputStream(), "STARTTLS-SLOW\r\n");
			assertThat(plainIn.readLine()).isEqualTo("220 go ahead");
			SSLSocket socket = (SSLSocket) trustingContext(tls).getSocketFactory()
				.createSocket(plain, "127.0.0.1", this.server.port(), true);
			socket.startHandshake();
			write(socket.getOutputStream(), "AFTER-TLS\r\n");
			assertThat(reader(socket).readLine()).isEqualTo("250 AFTER-TLS over TLS");
		}
	}

	@Test
	void sslBundleIsUsedWhenNamed() throws Exception {
		X509Certificate generated = provider("mail.example.test").certificate();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(this.dataDir.resolve("tls/self-signed.p12"))) {
			keyStore.load(in, "mailroom".toCharArray());
		}
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry();
		bundles.registerBundle("mail", SslBundle.of(SslStoreBundle.of(keyStore, "mailroom", null)));
		Path otherDir = this.dataDir.resolve("other");
		TlsProvider tls = new TlsProvider(
				new NetProperties(otherDir, "mail.example.test", new NetProperties.Tls("mail")), (SslBundles) bundles);
		assertThat(tls.certificate()).isEqualTo(generated);
		assertThat(otherDir.resolve("tls")).doesNotExist();
		start(true, tls);
		try (SSLSocket socket = trustingClient(tls, this.server.port())) {
			assertThat(reader(socket).readLine()).startsWith("220 ready TLSv1.");
		}
	}

	private TlsProvider provider(String hostname) {
		return new TlsProvider(new NetProperties(this.dataDir, hostname, new NetProperties.Tls(null)),
				(SslBundles) null);
	}

	private void start(boolean implicitTls, TlsProvider tls) throws IOException {
		ListenerSettings settings = new ListenerSettings("tls-test", "127.0.0.1", 0, implicitTls, 10, 10,
				Duration.ofSeconds(5), 1000, Duration.ofSeconds(1));
		this.server = new LineServer(settings, new StartTlsHandler(), tls);
		this.server.start();
	}

	private static SSLSocket trustingClient(TlsProvider tls, int port) throws Exception {
		SSLSocket socket = (SSLSocket) trustingContext(tls).getSocketFactory().createSocket("127.0.0.1", port);
		socket.setSoTimeout(5000);
		// Checks the certificate's IP address entry too.
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		socket.setSSLParameters(parameters);
		return socket;
	}

	private static SSLContext trustingContext(TlsProvider tls) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", tls.certificate());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

	private static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	private static void write(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/** Greets, switches on STARTTLS, echoes everything else with the TLS state. */
	static class StartTlsHandler implements SessionHandler {

		@Override
		public void serve(Connection connection) throws IOException {
			connection.writeLine("220 ready " + (connection.isTls() ? connection.tlsProtocol() : "plain"));
			connection.flush();
			String line;
			while ((line = connection.readLine()) != null) {
				if (line.startsWith("STARTTLS")) {
					connection.writeLine("220 go ahead");
					connection.flush();
					if (line.equals("STARTTLS-SLOW")) {
						// Lets the ClientHello arrive before the discard looks.
						sleep(300);
					}
					connection.startTls();
					assertThat(connection.tlsCipherSuite()).isNotNull();
					continue;
				}
				connection.writeLine("250 " + line + (connection.isTls() ? " over TLS" : ""));
				connection.flush();
			}
		}

		@Override
		public void refuse(Connection connection, Refusal reason) throws IOException {
			connection.writeLine("421 " + reason);
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
