/**
 * Which PostgreSQL Mailroom uses. With no {@code spring.datasource.url} the application
 * starts a real PostgreSQL 18 itself (embedded, data under
 * {@code ${mailroom.data-dir}/postgres}); with one set it uses that server and starts
 * nothing. Either way a log line names the database in use.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.mailroom.database;
