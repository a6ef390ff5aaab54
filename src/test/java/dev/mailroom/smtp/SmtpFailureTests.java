package dev.mailroom.smtp;

import dev.mailroom.account.UserAccount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A database failure while storing answers 451 and leaves nothing half-stored. */
class SmtpFailureTests extends SmtpTestSupport {

	@Test
	void answers451AndStoresNothingWhenTheDatabaseFails() throws Exception {
		UserAccount user = user("dbfail");
		long contentsBefore = count("select count(*) from message_contents");
		// A real failure inside the storing transaction, after the raw bytes are written.
		this.jdbc.sql("""
				create or replace function fail_on_subject() returns trigger language plpgsql as $$
				begin
				  if new.subject = 'fail-me' then raise exception 'simulated storage failure'; end if;
				  return new;
				end $$
				""").update();
		this.jdbc
			.sql("create trigger fail_on_subject before insert or update on message_contents for each row "
					+ "execute function fail_on_subject()")
			.update();
		try (RawSmtpClient client = RawSmtpClient.connect(mxPort())) {
			client.reply();
			client.send("EHLO client");
			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<dbfail@localhost>");
			client.send("DATA");
			assertThat(client.send("Subject: fail-me\r\n\r\nbody\r\n."))
				.isEqualTo("451 4.3.0 Temporary failure storing the message; try again later");

			client.send("MAIL FROM:<a@example.org>");
			client.send("RCPT TO:<dbfail@localhost>");
			client.send("DATA");
			assertThat(client.send("Subject: fine\r\n\r\nbody\r\n.")).startsWith("250 2.0.0");
		}
		finally {
			this.jdbc.sql("drop trigger fail_on_subject on message_contents").update();
		}
		assertThat(inboxSubjects(user.id())).containsExactly("fine");
		assertThat(count("select count(*) from message_contents")).isEqualTo(contentsBefore + 1);
		assertThat(
				count("select count(*) from message_chunks where content_id not in (select id from message_contents)"))
			.isZero();
	}

}
