package dev.mailroom.pop3;

import java.net.ConnectException;
import java.time.Duration;

import dev.mailroom.account.Authenticator;
import dev.mailroom.account.UserAccount;
import dev.mailroom.mailbox.FolderSnapshots;
import dev.mailroom.net.ServerIdentity;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A POP3 server of its own, with plain-text logins allowed and POP3S off, started and
 * stopped by the test.
 */
class Pop3LifecycleTests extends Pop3TestSupport {

	@Autowired
	ServerIdentity identity;

	@Autowired
	Authenticator authenticator;

	@Autowired
	FolderSnapshots snapshots;

	@Autowired
	Pop3Properties properties;

	@Test
	void closesIdleSessionsSilentlyWithoutDeleting() throws Exception {
		assertThat(this.properties.idleTimeout()).as("RFC 1939 autologout").isEqualTo(Duration.ofMinutes(10));
		UserAccount user = user("idle");
		deliver(user, message("kept", "1\r\n"));
		Pop3Properties properties = new Pop3Properties(-1, 0, "127.0.0.1", false, 10, 10, Duration.ofMillis(300), 10,
				Duration.ofSeconds(1), Duration.ZERO);
		Pop3Server server = new Pop3Server(properties, this.tls, this.identity, this.authenticator, this.snapshots,
				this.store, this.messages);
		server.start();
		try (RawPop3Client client = RawPop3Client.connectTls(server.port(Listener.POP3S), this.tls.certificate())) {
			client.line();
			client.send("USER " + user.email());
			assertThat(client.send("PASS " + PASSWORD)).startsWith("+OK Logged in");
			assertThat(client.send("DELE 1")).startsWith("+OK");

			// RFC 1939 section 3: no response, no UPDATE state.
			assertThat(client.line()).isNull();
		}
		finally {
			server.stop();
		}
		assertThat(inbox(user)).hasSize(1);
	}

	@Test
	void allowsPlainTextLoginsWhenConfiguredAndDeletesNothingWhenStopped() throws Exception {
		UserAccount user = user("lifecycle");
		deliver(user, message("kept", "1\r\n"));
		Pop3Properties properties = new Pop3Properties(0, -1, "127.0.0.1", true, 10, 10, Duration.ofMinutes(10), 10,
				Duration.ofSeconds(1), Duration.ZERO);
		Pop3Server server = new Pop3Server(properties, this.tls, this.identity, this.authenticator, this.snapshots,
				this.store, this.messages);
		server.start();
		int port = server.port(Listener.POP3);
		try {
			assertThat(server.port(Listener.POP3S)).isEqualTo(-1);
			RawPop3Client client = RawPop3Client.connect(port);
			client.line();
			client.send("CAPA");
			assertThat(client.lines()).contains("USER", "SASL PLAIN", "STLS");
			assertThat(client.send("USER " + user.email())).isEqualTo("+OK Send PASS");
			assertThat(client.send("PASS " + PASSWORD)).startsWith("+OK Logged in, 1 messages");
			assertThat(client.send("DELE 1")).startsWith("+OK");

			server.stop();

			assertThat(client.isClosedByServer()).isTrue();
			client.close();
		}
		finally {
			server.stop();
		}
		assertThat(server.isRunning()).isFalse();
		assertThatThrownBy(() -> RawPop3Client.connect(port)).isInstanceOf(ConnectException.class);
		assertThat(inbox(user)).hasSize(1);
		assertThat(this.server.isRunning()).as("the shared server").isTrue();
	}

}
