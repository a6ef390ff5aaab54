package dev.mailroom.database;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class EmbeddedDatabaseTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void runsOnPostgresql18() {
		assertThat(this.jdbc.sql("show server_version_num").query(Integer.class).single())
			.isGreaterThanOrEqualTo(180000);
	}

	@Test
	void flywayAppliedEveryMigration() {
		assertThat(this.jdbc.sql("select count(*) from flyway_schema_history where not success")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select version from flyway_schema_history where version is not null")
			.query(String.class)
			.list()).contains("1");
	}

	@Test
	void passesConfiguredSettingsToTheServer() {
		assertThat(this.jdbc.sql("show work_mem").query(String.class).single()).isEqualTo("7MB");
	}

	@Test
	void commitsAreDurable() {
		// We answer SMTP 250 only after a durable commit; zonky's default is
		// off, and the test configuration asks for off through
		// mailroom.database.embedded-settings too.
		assertThat(this.jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
		assertThat(this.jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
	}

	@Test
	void databaseIsUtf8WithBuiltinLocale() {
		assertThat(this.jdbc
			.sql("select pg_encoding_to_char(encoding) from pg_database where datname = current_database()")
			.query(String.class)
			.single()).isEqualTo("UTF8");
		assertThat(this.jdbc.sql("select datlocprovider from pg_database where datname = current_database()")
			.query(String.class)
			.single()).isEqualTo("b");
		assertThat(this.jdbc.sql("select upper('한글 café')").query(String.class).single()).isEqualTo("한글 CAFÉ");
	}

}
