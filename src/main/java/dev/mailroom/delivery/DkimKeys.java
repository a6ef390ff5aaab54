package dev.mailroom.delivery;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * DKIM keys per local domain: an RSA-2048 key made on first use and kept in the database,
 * so every Mailroom instance signs with the same key and a restart keeps it.
 */
@Service
public class DkimKeys {

	/** One selector for every domain; rotating keys would add dated selectors. */
	static final String SELECTOR = "mailroom";

	private final JdbcClient jdbc;

	private final Map<String, PrivateKey> cache = new ConcurrentHashMap<>();

	DkimKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The TXT record to publish for a local domain, making its key if it has none yet.
	 */
	public DkimRecord record(String domain) {
		String name = domain.toLowerCase(Locale.ROOT);
		ensureKey(name);
		byte[] publicKey = this.jdbc.sql("select public_key from dkim_keys where domain = :d")
			.param("d", name)
			.query(byte[].class)
			.single();
		return new DkimRecord(name, SELECTOR, SELECTOR + "._domainkey." + name,
				"v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey));
	}

	/** The signing key of a local domain (made on first use); empty for other domains. */
	Optional<PrivateKey> signingKey(String domain) {
		String name = domain.toLowerCase(Locale.ROOT);
		PrivateKey cached = this.cache.get(name);
		if (cached != null) {
			return Optional.of(cached);
		}
		boolean local = this.jdbc.sql("select exists (select 1 from domains where name = :d)")
			.param("d", name)
			.query(Boolean.class)
			.single();
		if (!local) {
			return Optional.empty();
		}
		ensureKey(name);
		byte[] encoded = this.jdbc.sql("select private_key from dkim_keys where domain = :d")
			.param("d", name)
			.query(byte[].class)
			.single();
		try {
			PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
			this.cache.put(name, key);
			return Optional.of(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Stored DKIM key of " + name + " is unreadable", ex);
		}
	}

	private void ensureKey(String domain) {
		boolean exists = this.jdbc.sql("select exists (select 1 from dkim_keys where domain = :d)")
			.param("d", domain)
			.query(Boolean.class)
			.single();
		if (exists) {
			return;
		}
		KeyPair pair = generate();
		// Two instances racing: the first insert wins and both then read the same key.
		this.jdbc.sql("""
				insert into dkim_keys (domain, selector, private_key, public_key) values (:d, :s, :private, :public)
				on conflict (domain) do nothing
				""")
			.param("d", domain)
			.param("s", SELECTOR)
			.param("private", pair.getPrivate().getEncoded())
			.param("public", pair.getPublic().getEncoded())
			.update();
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
