package dev.mailroom.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL.
 *
 * @param dataDir where Mailroom keeps its state; the embedded database lives in its
 * {@code postgres} sub-directory
 * @param database settings of the embedded server
 */
@ConfigurationProperties("mailroom")
record DatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Embedded database) {

	/**
	 * @param embeddedPort TCP port of the embedded server on loopback; 0 picks a free one
	 * @param startupTimeout how long to wait for the embedded server to accept
	 * connections
	 * @param embeddedSettings extra server settings ({@code postgres -c name=value}),
	 * such as {@code shared_buffers}; {@code fsync} and {@code synchronous_commit} stay
	 * on whatever is given here
	 */
	record Embedded(@DefaultValue("0") int embeddedPort, @DefaultValue("60s") Duration startupTimeout,
			Map<String, String> embeddedSettings) {
	}

	Path postgresDir() {
		return this.dataDir.resolve("postgres").toAbsolutePath().normalize();
	}

}
