package dev.mailroom.delivery;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A receiving SMTP server for tests whose answers the test chooses: per recipient at
 * RCPT, and per transaction at the end of DATA. Records every transaction it accepted.
 */
final class ScriptedSmtpServer implements Closeable {

	record Transaction(String sender, List<String> recipients, String data) {
	}

	private final ServerSocket socket;

	private final Thread acceptor;

	/** Reply to RCPT for an address; default 250. */
	volatile Function<String, String> rcptReply = (address) -> "250 2.1.5 Ok";

	/** Reply to the end of DATA for the n-th transaction (0-based); default 250. */
	volatile Function<Integer, String> dataReply = (n) -> "250 2.0.0 Ok: queued";

	final List<Transaction> accepted = Collections.synchronizedList(new ArrayList<>());

	final AtomicInteger transactions = new AtomicInteger();

	final AtomicInteger connections = new AtomicInteger();

	final Map<String, AtomicInteger> deliveriesPerRecipient = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Socket> clients = new ConcurrentLinkedQueue<>();

	ScriptedSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "scripted-smtp");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.clients.add(client);
				this.connections.incrementAndGet();
				Thread session = new Thread(() -> serve(client), "scripted-smtp-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = client.getOutputStream();
			reply(out, "220 scripted.test ESMTP");
			String sender = null;
			List<String> recipients = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String upper = line.toUpperCase(java.util.Locale.ROOT);
				if (upper.startsWith("EHLO")) {
					reply(out, "250-scripted.test\r\n250-PIPELINING\r\n250 8BITMIME");
				}
				else if (upper.startsWith("MAIL FROM:")) {
					sender = line.substring(10).replaceAll("[<>]", "").replaceAll(" .*", "");
					recipients.clear();
					reply(out, "250 2.1.0 Ok");
				}
				else if (upper.startsWith("RCPT TO:")) {
					String address = line.substring(8).replaceAll("[<>]", "").replaceAll(" .*", "");
					String answer = this.rcptReply.apply(address);
					if (answer.startsWith("2")) {
						recipients.add(address);
					}
					reply(out, answer);
				}
				else if (upper.equals("DATA")) {
					reply(out, "354 go ahead");
					ByteArrayOutputStream data = new ByteArrayOutputStream();
					String dataLine;
					while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
						data.write((dataLine.startsWith(".") ? dataLine.substring(1) : dataLine)
							.getBytes(StandardCharsets.UTF_8));
						data.write("\r\n".getBytes(StandardCharsets.UTF_8));
					}
					int n = this.transactions.getAndIncrement();
					String answer = this.dataReply.apply(n);
					if (answer.startsWith("2")) {
						this.accepted.add(new Transaction(sender, List.copyOf(recipients),
								data.toString(StandardCharsets.UTF_8)));
						recipients
							.forEach((r) -> this.deliveriesPerRecipient.computeIfAbsent(r, (k) -> new AtomicInteger())
								.incrementAndGet());
					}
					reply(out, answer);
				}
				else if (upper.equals("RSET") || upper.equals("NOOP")) {
					reply(out, "250 2.0.0 Ok");
				}
				else if (upper.equals("QUIT")) {
					reply(out, "221 2.0.0 Bye");
					return;
				}
				else {
					reply(out, "502 5.5.2 Not implemented");
				}
			}
		}
		catch (IOException ex) {
			// client went away
		}
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket client : this.clients) {
			client.close();
		}
	}

}
