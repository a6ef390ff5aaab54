package dev.mailroom.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our DKIM signatures, checked by an independent verifier (Apache James jDKIM). */
class DkimSignerTests {

	static KeyPair keys;

	@BeforeAll
	static void generateKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		keys = generator.generateKeyPair();
	}

	private static final String MESSAGE = "From: =?UTF-8?B?6rmA7LKg7IiY?= <kim@example.org>\r\n"
			+ "To: partner@elsewhere.test,\r\n  second@elsewhere.test\r\n"
			+ "Subject:   =?UTF-8?B?6rKs7KCB7ISc?=   \r\n" + "Date: Fri, 27 Nov 2026 05:00:00 +0000\r\n"
			+ "Message-ID: <abc@example.org>\r\n" + "MIME-Version: 1.0\r\n"
			+ "Content-Type: text/plain; charset=UTF-8\r\n" + "X-Not-Signed: anything\r\n" + "\r\n"
			+ "Hello   world \t\r\n" + "second line\r\n" + "\r\n" + "\r\n";

	@Test
	void signsSoThatAnIndependentVerifierAccepts() throws Exception {
		byte[] signed = DkimSigner.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), "example.org", "mailroom",
				keys.getPrivate(), Instant.parse("2026-11-27T05:00:00Z"));

		List<SignatureRecord> verified = verify(signed);

		assertThat(verified).singleElement().satisfies((record) -> {
			assertThat(record.getDToken()).isEqualTo("example.org");
			assertThat(record.getSelector()).isEqualTo("mailroom");
			assertThat(record.getHashAlgo()).isEqualTo("sha-256");
			assertThat(record.getHeaders().stream().map(CharSequence::toString))
				.contains("from", "to", "subject", "date", "message-id")
				.doesNotContain("x-not-signed");
		});
		assertThat(new String(signed, StandardCharsets.UTF_8))
			.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;");
	}

	@Test
	void survivesWhitespaceChangesRelaxedCanonicalizationAllows() throws Exception {
		byte[] signed = DkimSigner.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), "example.org", "mailroom",
				keys.getPrivate(), Instant.now());
		String rewrapped = new String(signed, StandardCharsets.UTF_8).replace("Hello   world \t\r\n", "Hello world\r\n")
			.replace("second line\r\n\r\n\r\n", "second line\r\n");

		assertThat(verify(rewrapped.getBytes(StandardCharsets.UTF_8))).hasSize(1);
	}

	@Test
	void breaksWhenASignedHeaderOrTheBodyChanges() throws Exception {
		String signed = new String(DkimSigner.sign(MESSAGE.getBytes(StandardCharsets.UTF_8), "example.org", "mailroom",
				keys.getPrivate(), Instant.now()), StandardCharsets.UTF_8);

		assertThatThrownBy(() -> verify(
				signed.replace("<abc@example.org>", "<forged@example.org>").getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(FailException.class);
		assertThatThrownBy(
				() -> verify(signed.replace("second line", "wire the money").getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(FailException.class);
		// Over-signed: a second Subject added above the first must break the signature.
		assertThatThrownBy(() -> verify(
				signed.replace("Subject:", "Subject: urgent\r\nSubject:").getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(FailException.class);
	}

	static List<SignatureRecord> verify(byte[] message) throws Exception {
		String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
		return verify(message, record);
	}

	static List<SignatureRecord> verify(byte[] message, String record) throws Exception {
		DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(record));
		return verifier.verify(new ByteArrayInputStream(message));
	}

}
