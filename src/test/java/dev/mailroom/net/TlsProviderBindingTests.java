package dev.mailroom.net;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class TlsProviderBindingTests {

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
		.withUserConfiguration(NetConfiguration.class);

	@Test
	void generatesTheSelfSignedCertificateUnderTheDataDir() {
		this.contextRunner.withPropertyValues("mailroom.data-dir=" + this.dataDir, "mailroom.hostname=mx.example.test")
			.run((context) -> {
				TlsProvider tls = context.getBean(TlsProvider.class);
				assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=mx.example.test");
				assertThat(this.dataDir.resolve("tls/self-signed.p12")).isRegularFile();
			});
	}

	@Test
	void hostnameDefaultsToThisMachine() {
		this.contextRunner.withPropertyValues("mailroom.data-dir=" + this.dataDir)
			.run((context) -> assertThat(context.getBean(NetProperties.class).hostname()).isNotBlank());
	}

	@Test
	void usesPemFilesThroughANamedSslBundle() throws Exception {
		// A certificate and key as Let's Encrypt would leave them.
		TlsProvider generated = new TlsProvider(
				new NetProperties(this.dataDir.resolve("gen"), "mx.example.test", new NetProperties.Tls(null)),
				(SslBundles) null);
		Path certificate = this.dataDir.resolve("fullchain.pem");
		Path key = this.dataDir.resolve("privkey.pem");
		Files.writeString(certificate, pem(generated.certificate()));
		Files.writeString(key, pem(privateKey(generated)));
		this.contextRunner
			.withPropertyValues("mailroom.data-dir=" + this.dataDir.resolve("unused"), "mailroom.tls.bundle=mail",
					"spring.ssl.bundle.pem.mail.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.mail.keystore.private-key=file:" + key)
			.run((context) -> {
				assertThat(context.getBean(TlsProvider.class).certificate()).isEqualTo(generated.certificate());
				assertThat(this.dataDir.resolve("unused/tls")).doesNotExist();
			});
	}

	private PrivateKey privateKey(TlsProvider generated) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(this.dataDir.resolve("gen/tls/self-signed.p12"))) {
			keyStore.load(in, "mailroom".toCharArray());
		}
		return (PrivateKey) keyStore.getKey("mailroom", "mailroom".toCharArray());
	}

	private static String pem(Object object) throws Exception {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		return out.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(NetProperties.class)
	@Import(TlsProvider.class)
	static class NetConfiguration {

	}

}
