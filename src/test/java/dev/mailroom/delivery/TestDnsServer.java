package dev.mailroom.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A UDP DNS server on loopback that answers MX queries from a table the test fills. */
final class TestDnsServer implements Closeable {

	/** MX records by domain: preference and target. */
	record Mx(int preference, String target) {
	}

	private final DatagramSocket socket;

	private final Map<String, List<Mx>> mx = new ConcurrentHashMap<>();

	TestDnsServer() throws IOException {
		this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(this::serve, "test-dns");
		thread.setDaemon(true);
		thread.start();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	void mx(String domain, Mx... records) {
		this.mx.put(domain.toLowerCase(java.util.Locale.ROOT), List.of(records));
	}

	private void serve() {
		byte[] buffer = new byte[4096];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
				byte[] answer = answer(query).toWire();
				this.socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
			}
			catch (IOException ex) {
				// closed, or a packet that is not DNS
			}
		}
	}

	private Message answer(Message query) throws IOException {
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setFlag(Flags.AA);
		Record question = query.getQuestion();
		response.addRecord(question, Section.QUESTION);
		String domain = question.getName().toString(true).toLowerCase(java.util.Locale.ROOT);
		List<Mx> records = this.mx.get(domain);
		if (records == null) {
			response.getHeader().setRcode(Rcode.NXDOMAIN);
			return response;
		}
		if (question.getType() == Type.MX) {
			for (Mx record : records) {
				response.addRecord(
						new MXRecord(question.getName(), DClass.IN, 60, record.preference(),
								Name.fromString(
										record.target().endsWith(".") ? record.target() : record.target() + ".")),
						Section.ANSWER);
			}
		}
		return response;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
