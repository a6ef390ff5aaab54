package dev.mailroom.database;

import java.nio.file.Path;

import dev.mailroom.MailroomApplication;
import dev.mailroom.account.AccountService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.datasource.url} set, Mailroom uses that server and embeds nothing.
 */
class ExternalDatabaseTests {

	@TempDir
	Path dataDir;

	@Test
	void usesTheConfiguredServerAndStartsNoEmbeddedOne() throws Exception {
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(MailroomApplication.class).run(
						"--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
						"--spring.datasource.username=postgres", "--spring.datasource.password=",
						"--mailroom.data-dir=" + this.dataDir, "--server.port=0")) {
			assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
			assertThat(this.dataDir.resolve("postgres")).doesNotExist();
			assertThat(context.getBean(AccountService.class).findUser("admin@localhost")).isPresent();
			try (var connection = external.getPostgresDatabase().getConnection();
					var rs = connection.createStatement().executeQuery("select count(*) from users")) {
				rs.next();
				assertThat(rs.getLong(1)).isEqualTo(1);
			}
		}
	}

}
