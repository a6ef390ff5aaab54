package dev.mailroom.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster left running on our data directory by a JVM that was killed (pg_ctl
 * detaches it, so it outlives us). PostgreSQL refuses to start a second one on the same
 * directory.
 */
final class OrphanPostmaster {

	private static final Logger log = LoggerFactory.getLogger(OrphanPostmaster.class);

	private OrphanPostmaster() {
	}

	static void stopIfRunning(Path dataDir, Duration timeout) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty()
				: parsePid(lines.get(0)).flatMap(ProcessHandle::of)
					.filter(ProcessHandle::isAlive)
					.filter(OrphanPostmaster::isPostgres);
		if (process.isEmpty()) {
			return;
		}
		log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", process.get().pid(), dataDir);
		// SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the old JVM.
		process.get().destroy();
		try {
			process.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IOException("PostgreSQL pid " + process.get().pid() + " on " + dataDir + " did not stop", ex);
		}
	}

	private static Optional<Long> parsePid(String line) {
		try {
			return Optional.of(Long.parseLong(line.trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map((command) -> command.endsWith("postgres")).orElse(false);
	}

}
