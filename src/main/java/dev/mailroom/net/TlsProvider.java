package dev.mailroom.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * TLS server context for every protocol: from the Spring Boot SSL bundle named by
 * {@code mailroom.tls.bundle}, else a self-signed certificate generated on first start
 * and kept in {@code ${mailroom.data-dir}/tls/self-signed.p12}.
 */
@Component
public class TlsProvider {

	private static final Logger log = LoggerFactory.getLogger(TlsProvider.class);

	private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

	private static final String ALIAS = "mailroom";

	// The key store is protected by its owner-only file permissions; PKCS12
	// needs some password for key entries.
	private static final char[] STORE_PASSWORD = "mailroom".toCharArray();

	private static final Duration VALIDITY = Duration.ofDays(3650);

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private final SSLContext context;

	private final X509Certificate certificate;

	private final String[] protocols;

	private final String[] cipherSuites;

	@Autowired
	TlsProvider(NetProperties properties, ObjectProvider<SslBundles> sslBundles) {
		this(properties, sslBundles.getIfAvailable());
	}

	TlsProvider(NetProperties properties, SslBundles sslBundles) {
		String bundleName = properties.tls().bundle();
		try {
			if (StringUtils.hasText(bundleName)) {
				if (sslBundles == null) {
					throw new IllegalStateException("mailroom.tls.bundle is set but no SSL bundles are configured");
				}
				SslBundle bundle = sslBundles.getBundle(bundleName);
				this.context = bundle.createSslContext();
				this.certificate = leafCertificate(bundle.getStores().getKeyStore(), bundle.getKey().getAlias());
				this.protocols = protocols(this.context, bundle.getOptions().getEnabledProtocols());
				this.cipherSuites = bundle.getOptions().getCiphers();
				logInUse("SSL bundle '" + bundleName + "'");
			}
			else {
				Path file = properties.selfSignedKeyStore();
				KeyStore keyStore = Files.exists(file) ? load(file) : generate(file, properties.hostname());
				this.context = serverContext(keyStore);
				this.certificate = leafCertificate(keyStore, ALIAS);
				this.protocols = protocols(this.context, null);
				this.cipherSuites = null;
				logInUse("self-signed " + file);
			}
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot set up TLS: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The TLS context servers use.
	 * @return the server SSL context
	 */
	public SSLContext serverContext() {
		return this.context;
	}

	/**
	 * The served leaf certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * The TLS versions servers enable (TLS 1.3 and 1.2, as the bundle allows), for
	 * servers that make their own sockets or engines from {@link #serverContext()} (FTP).
	 * @return a fresh array of protocol names
	 */
	public String[] enabledProtocols() {
		return this.protocols.clone();
	}

	/**
	 * The cipher suites the SSL bundle names, or null for the JDK's defaults.
	 * @return a fresh array, or null
	 */
	public String[] enabledCipherSuites() {
		return (this.cipherSuites != null) ? this.cipherSuites.clone() : null;
	}

	/**
	 * Layers server-mode TLS over a connected socket, restricted to TLS 1.2 and 1.3, and
	 * handshakes within the socket's read timeout.
	 * @param socket the plain socket, closed with the returned one
	 * @param consumed bytes already read from the socket that belong to the handshake, or
	 * {@code null}
	 */
	SSLSocket handshake(Socket socket, InputStream consumed) throws IOException {
		SSLSocketFactory factory = this.context.getSocketFactory();
		SSLSocket tls = (SSLSocket) factory.createSocket(socket, consumed, true);
		tls.setUseClientMode(false);
		tls.setEnabledProtocols(this.protocols);
		if (this.cipherSuites != null) {
			tls.setEnabledCipherSuites(this.cipherSuites);
		}
		tls.startHandshake();
		return tls;
	}

	private void logInUse(String source) {
		log.info("TLS certificate in use: {} (SHA-256 {}), expires {}, from {}",
				this.certificate.getSubjectX500Principal().getName(), fingerprint(this.certificate),
				this.certificate.getNotAfter().toInstant(), source);
	}

	private static String[] protocols(SSLContext context, String[] configured) {
		Set<String> supported = new LinkedHashSet<>(Arrays.asList(context.getSupportedSSLParameters().getProtocols()));
		List<String> wanted = new ArrayList<>(PROTOCOLS);
		if (configured != null) {
			wanted.retainAll(Arrays.asList(configured));
		}
		wanted.retainAll(supported);
		if (wanted.isEmpty()) {
			throw new IllegalStateException("Neither TLSv1.3 nor TLSv1.2 is available");
		}
		return wanted.toArray(String[]::new);
	}

	private static SSLContext serverContext(KeyStore keyStore) throws GeneralSecurityException {
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, STORE_PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	private static X509Certificate leafCertificate(KeyStore keyStore, String alias) throws GeneralSecurityException {
		if (keyStore == null) {
			throw new IllegalStateException("The SSL bundle has no key store");
		}
		if (alias == null) {
			for (String candidate : Collections.list(keyStore.aliases())) {
				if (keyStore.isKeyEntry(candidate)) {
					alias = candidate;
					break;
				}
			}
		}
		Certificate certificate = (alias != null) ? keyStore.getCertificate(alias) : null;
		if (!(certificate instanceof X509Certificate x509)) {
			throw new IllegalStateException("No X.509 certificate in the key store");
		}
		return x509;
	}

	private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			keyStore.load(in, STORE_PASSWORD);
		}
		return keyStore;
	}

	private static KeyStore generate(Path file, String hostname)
			throws IOException, GeneralSecurityException, OperatorCreationException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keyPair = generator.generateKeyPair();
		X509Certificate certificate = selfSigned(keyPair, hostname);
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new Certificate[] { certificate });
		store(keyStore, file);
		log.info("Generated a self-signed TLS certificate for {} in {}", hostname, file);
		return keyStore;
	}

	private static X509Certificate selfSigned(KeyPair keyPair, String hostname)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostname).build();
		Instant now = Instant.now();
		BigInteger serial = new BigInteger(64, new SecureRandom());
		// A day back, for clients whose clocks run a little behind.
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
				Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true,
				new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hostname));
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
	}

	private static GeneralNames subjectAlternativeNames(String hostname) {
		Set<String> dnsNames = new LinkedHashSet<>();
		Set<String> addresses = new LinkedHashSet<>();
		if (IPV4.matcher(hostname).matches() || hostname.contains(":")) {
			addresses.add(hostname);
		}
		else {
			dnsNames.add(hostname);
		}
		dnsNames.add("localhost");
		addresses.add(InetAddress.getLoopbackAddress().getHostAddress());
		List<GeneralName> names = new ArrayList<>();
		dnsNames.forEach((name) -> names.add(new GeneralName(GeneralName.dNSName, name)));
		addresses.forEach((address) -> names.add(new GeneralName(GeneralName.iPAddress, address)));
		return new GeneralNames(names.toArray(GeneralName[]::new));
	}

	private static void store(KeyStore keyStore, Path file) throws IOException, GeneralSecurityException {
		Path directory = file.getParent();
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		if (posix) {
			Files.createDirectories(directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(directory);
		}
		Path temporary = posix
				? Files.createTempFile(directory, "self-signed", ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile(directory, "self-signed", ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(temporary)) {
				keyStore.store(out, STORE_PASSWORD);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			return "unknown";
		}
	}

}
