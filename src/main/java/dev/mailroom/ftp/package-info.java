/**
 * FTP and explicit FTPS (RFC 959, 2228, 2428, 3659, 4217) on Apache FtpServer: each user
 * sees their mail folders as directories and their messages as {@code .eml} files
 * (download, upload to import, delete, move, folders), an {@code attachments} view per
 * folder, and {@code /pub}, the files an administrator publishes, also for anonymous
 * logins when allowed. Logins go through the one authenticator every protocol uses.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "account", "mailbox", "mime", "net" })
package dev.mailroom.ftp;
