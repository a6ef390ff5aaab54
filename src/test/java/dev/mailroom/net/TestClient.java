package dev.mailroom.net;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain line client for tests. */
final class TestClient implements Closeable {

	final Socket socket;

	private final BufferedReader reader;

	private final OutputStream out;

	TestClient(int port) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(5000);
		this.reader = new BufferedReader(new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
		this.out = this.socket.getOutputStream();
	}

	void send(String text) throws IOException {
		this.out.write(text.getBytes(StandardCharsets.UTF_8));
		this.out.flush();
	}

	String readLine() throws IOException {
		return this.reader.readLine();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
