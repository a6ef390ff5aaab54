package dev.mailroom.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says once at start-up which database Mailroom runs on, embedded or external. */
@Component
class DatabaseInUseLogger {

	private static final Logger log = LoggerFactory.getLogger(DatabaseInUseLogger.class);

	private final DataSource dataSource;

	DatabaseInUseLogger(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@EventListener(ApplicationReadyEvent.class)
	void logDatabase() {
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			log.info("Database in use: {} {} at {} as {}", meta.getDatabaseProductName(),
					meta.getDatabaseProductVersion(), meta.getURL(), meta.getUserName());
		}
		catch (SQLException ex) {
			log.warn("Could not describe the database in use", ex);
		}
	}

}
