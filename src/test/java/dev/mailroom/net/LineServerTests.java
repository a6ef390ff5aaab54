package dev.mailroom.net;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LineServerTests {

	private LineServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void echoesLinesAndMixesRawBytesOverASocket() throws IOException {
		start(settings(10, 10, Duration.ofSeconds(5)), new EchoHandler());
		try (TestClient client = new TestClient(this.server.port())) {
			assertThat(client.readLine()).isEqualTo("220 ready");
			client.send("HELLO there\r\nBYTES 3\r\nabcNEXT\n");
			assertThat(client.readLine()).isEqualTo("250 HELLO there");
			assertThat(client.readLine()).isEqualTo("250 got abc");
			assertThat(client.readLine()).isEqualTo("250 NEXT");
			client.send("x".repeat(2000) + "\r\nAFTER\r\n");
			assertThat(client.readLine()).isEqualTo("500 line too long");
			assertThat(client.readLine()).isEqualTo("250 AFTER");
			client.send("QUIT\r\n");
			assertThat(client.readLine()).isEqualTo("221 bye");
			assertThat(client.readLine()).isNull();
		}
	}

	@Test
	void refusesClientsOverThePerClientLimit() throws IOException {
		start(settings(10, 2, Duration.ofSeconds(5)), new EchoHandler());
		try (TestClient first = new TestClient(this.server.port());
				TestClient second = new TestClient(this.server.port());
				TestClient third = new TestClient(this.server.port())) {
			assertThat(first.readLine()).isEqualTo("220 ready");
			assertThat(second.readLine()).isEqualTo("220 ready");
			assertThat(third.readLine()).isEqualTo("421 TOO_MANY_FROM_CLIENT");
			assertThat(third.readLine()).isNull();
			assertThat(this.server.activeConnections()).isEqualTo(2);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.activeConnections() == 0);
		try (TestClient again = new TestClient(this.server.port())) {
			assertThat(again.readLine()).isEqualTo("220 ready");
		}
	}

	@Test
	void refusesConnectionsOverTheTotalLimit() throws IOException {
		start(settings(2, 10, Duration.ofSeconds(5)), new EchoHandler());
		try (TestClient first = new TestClient(this.server.port());
				TestClient second = new TestClient(this.server.port());
				TestClient third = new TestClient(this.server.port())) {
			assertThat(first.readLine()).isEqualTo("220 ready");
			assertThat(second.readLine()).isEqualTo("220 ready");
			assertThat(third.readLine()).isEqualTo("421 TOO_MANY_CONNECTIONS");
			assertThat(third.readLine()).isNull();
		}
	}

	@Test
	void idleTimeoutClosesTheConnection() throws IOException {
		start(settings(10, 10, Duration.ofMillis(300)), new EchoHandler());
		try (TestClient client = new TestClient(this.server.port())) {
			assertThat(client.readLine()).isEqualTo("220 ready");
			long started = System.nanoTime();
			assertThat(client.readLine()).isEqualTo("421 idle too long");
			assertThat(client.readLine()).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200),
					Duration.ofSeconds(4));
		}
	}

	@Test
	void gracefulStopClosesIdleSessionsAtOnceAndLetsBusyOnesFinish() throws Exception {
		CountDownLatch busy = new CountDownLatch(1);
		start(settings(10, 10, Duration.ofSeconds(30)), new EchoHandler() {
			@Override
			void command(Connection connection, String line) throws IOException {
				if (line.equals("SLOW")) {
					connection.setBusy(true);
					busy.countDown();
					sleep(500);
					connection.writeLine("250 slow done");
					connection.setBusy(false);
					if (connection.isStopping()) {
						connection.writeLine("421 shutting down");
						connection.flush();
						throw new IOException("stopping");
					}
					return;
				}
				super.command(connection, line);
			}
		});
		try (TestClient idle = new TestClient(this.server.port());
				TestClient working = new TestClient(this.server.port())) {
			assertThat(idle.readLine()).isEqualTo("220 ready");
			assertThat(working.readLine()).isEqualTo("220 ready");
			working.send("SLOW\r\n");
			assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			Thread stopper = new Thread(this.server::stop);
			stopper.start();
			assertThat(idle.readLine()).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
			assertThat(working.readLine()).isEqualTo("250 slow done");
			assertThat(working.readLine()).isEqualTo("421 shutting down");
			stopper.join(5000);
			assertThat(stopper.isAlive()).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
			assertThat(this.server.activeConnections()).isZero();
			assertThat(this.server.isRunning()).isFalse();
		}
	}

	@Test
	void gracefulStopClosesBusySessionsWhenTheGraceRunsOut() throws Exception {
		CountDownLatch busy = new CountDownLatch(1);
		ListenerSettings settings = new ListenerSettings("test", "127.0.0.1", 0, false, 10, 10, Duration.ofSeconds(30),
				1000, Duration.ofMillis(300));
		start(settings, new EchoHandler() {
			@Override
			void command(Connection connection, String line) throws IOException {
				connection.setBusy(true);
				busy.countDown();
				// Waits for the client, which sends nothing: only closing ends this.
				connection.input().read();
			}
		});
		try (TestClient working = new TestClient(this.server.port())) {
			assertThat(working.readLine()).isEqualTo("220 ready");
			working.send("DATA\r\n");
			assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			this.server.stop();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
					Duration.ofSeconds(3));
			assertThat(working.readLine()).isNull();
			assertThat(this.server.activeConnections()).isZero();
		}
	}

	@Test
	void sessionFailureDoesNotAffectOthers() throws IOException {
		start(settings(10, 10, Duration.ofSeconds(5)), new EchoHandler() {
			@Override
			void command(Connection connection, String line) throws IOException {
				if (line.equals("CRASH")) {
					throw new IllegalStateException("handler bug");
				}
				super.command(connection, line);
			}
		});
		try (TestClient crashing = new TestClient(this.server.port());
				TestClient other = new TestClient(this.server.port())) {
			assertThat(crashing.readLine()).isEqualTo("220 ready");
			assertThat(other.readLine()).isEqualTo("220 ready");
			crashing.send("CRASH\r\n");
			assertThat(crashing.readLine()).isNull();
			other.send("STILL HERE\r\n");
			assertThat(other.readLine()).isEqualTo("250 STILL HERE");
		}
	}

	@Test
	@Timeout(30)
	void holdsAThousandIdleConnections() throws IOException {
		start(settings(1100, 1100, Duration.ofSeconds(60)), new SessionHandler() {
			@Override
			public void serve(Connection connection) throws IOException {
				while (connection.readLine() != null) {
					// Only keeps the session open
				}
			}

			@Override
			public void refuse(Connection connection, Refusal reason) throws IOException {
				connection.writeLine("421 " + reason);
			}
		});
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 1000; i++) {
				sockets.add(new Socket("127.0.0.1", this.server.port()));
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> this.server.activeConnections() == 1000);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> this.server.activeConnections() == 0);
	}

	private void start(ListenerSettings settings, SessionHandler handler) throws IOException {
		this.server = new LineServer(settings, handler, null);
		this.server.start();
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.server.port()).isPositive();
	}

	private static ListenerSettings settings(int maxConnections, int maxPerClient, Duration idleTimeout) {
		return new ListenerSettings("test", "127.0.0.1", 0, false, maxConnections, maxPerClient, idleTimeout, 1000,
				Duration.ofSeconds(5));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A tiny protocol: echoes lines with "250", BYTES n reads n raw bytes, QUIT ends. */
	static class EchoHandler implements SessionHandler {

		@Override
		public void serve(Connection connection) throws IOException {
			connection.writeLine("220 ready");
			connection.flush();
			while (true) {
				String line;
				try {
					line = connection.readLine();
				}
				catch (LineTooLongException ex) {
					connection.writeLine("500 line too long");
					connection.flush();
					continue;
				}
				catch (java.net.SocketTimeoutException ex) {
					connection.writeLine("421 idle too long");
					connection.flush();
					return;
				}
				if (line == null) {
					return;
				}
				if (line.equals("QUIT")) {
					connection.writeLine("221 bye");
					connection.flush();
					return;
				}
				command(connection, line);
				connection.flush();
			}
		}

		void command(Connection connection, String line) throws IOException {
			if (line.startsWith("BYTES ")) {
				byte[] bytes = connection.input().readNBytes(Integer.parseInt(line.substring(6)));
				connection.writeLine("250 got " + new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
			}
			else {
				connection.writeLine("250 " + line);
			}
		}

		@Override
		public void refuse(Connection connection, Refusal reason) throws IOException {
			connection.writeLine("421 " + reason);
		}

	}

}
