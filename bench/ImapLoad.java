import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load client of bench/imap.sh, on raw sockets (no mail library between the clock and the
 * server). Java's source launcher runs it: {@code java bench/ImapLoad.java MODE ...}.
 *
 * <p>
 * Modes:
 * <ul>
 * <li>{@code smtp HOST PORT COUNT RCPT[,RCPT...]}: delivers the COUNT benchmark messages by
 * SMTP, each in one transaction to every recipient, over 4 connections.</li>
 * <li>{@code append HOST PORT COUNT USER:PASS[,USER:PASS...]}: appends the COUNT benchmark
 * messages to each user's INBOX with IMAP APPEND.</li>
 * <li>{@code check HOST PORT COUNT USER:PASS[,...]}: every user's INBOX holds exactly the
 * COUNT benchmark messages (EXISTS, and the Message-ID and Subject header of each).</li>
 * <li>{@code run HOST PORT COUNT USER:PASS[,...] CLIENTS REPEAT BODIES LABEL}: the
 * workload; CLIENTS threads, client c logs in as user c modulo the number of users, and
 * each runs REPEAT workloads one after another on a new connection each: LOGIN, SELECT
 * INBOX, {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO
 * SUBJECT DATE MESSAGE-ID)])}, BODIES times {@code UID FETCH uid BODY.PEEK[]} (one message
 * after another, as a reader opening them), one {@code UID STORE} of the same BODIES
 * messages toggling \Seen, LOGOUT. Prints one line of key=value results.</li>
 * </ul>
 * Every answer is checked; any failure prints the reason and exits with status 1.
 */
public class ImapLoad {

	public static void main(String[] args) throws Exception {
		if (args.length < 5) {
			System.err.println("usage: java ImapLoad.java smtp|append|check|run HOST PORT COUNT USERS [...]");
			System.exit(2);
		}
		String mode = args[0];
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		int count = Integer.parseInt(args[3]);
		try {
			switch (mode) {
				case "smtp" -> smtp(host, port, count, args[4].split(","));
				case "append" -> append(host, port, count, users(args[4]));
				case "check" -> check(host, port, count, users(args[4]));
				case "run" -> run(host, port, count, users(args[4]), Integer.parseInt(args[5]),
						Integer.parseInt(args[6]), Integer.parseInt(args[7]), args[8]);
				default -> throw new IllegalArgumentException("unknown mode " + mode);
			}
		}
		catch (Failure ex) {
			System.err.println("FAILED: " + ex.getMessage());
			System.exit(1);
		}
	}

	static String[][] users(String list) {
		String[] items = list.split(",");
		String[][] users = new String[items.length][];
		for (int i = 0; i < items.length; i++) {
			int colon = items[i].indexOf(':');
			users[i] = new String[] { items[i].substring(0, colon), items[i].substring(colon + 1) };
		}
		return users;
	}

	// ------------------------------------------------------------------ messages ----

	static final String[] EN = ("meeting report budget quarterly review project schedule update team "
			+ "invoice contract release design customer server network backup deadline office travel "
			+ "lunch agenda minutes draft proposal summary approval request question answer feedback")
		.split(" ");

	static final String[] KO = ("회의 보고서 예산 분기 검토 프로젝트 일정 업데이트 팀 청구서 계약 출시 설계 고객 서버 "
			+ "네트워크 백업 마감 사무실 출장 점심 안건 회의록 초안 제안서 요약 승인 요청 질문 답변 의견")
		.split(" ");

	static final String[] NAMES_KO = { "김민준", "이서연", "박지호", "최수아", "정하준", "강지우" };

	static final String[] NAMES_EN = { "Alice Walker", "Bob Stone", "Carol Diaz", "Dan Miller", "Eve Young" };

	static String messageId(int i) {
		return "<bench-" + i + ".imap@bench.example>";
	}

	static String encodedWord(String text) {
		return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
	}

	static String subject(int i) {
		Random random = new Random(31L * i + 7);
		if (i % 3 == 0) {
			return encodedWord(KO[random.nextInt(KO.length)] + " " + KO[random.nextInt(KO.length)] + " 관련 안내 #" + i);
		}
		return "Re: " + EN[random.nextInt(EN.length)] + " " + EN[random.nextInt(EN.length)] + " #" + i;
	}

	/** Message i of the benchmark, about 10 KB, CRLF line ends; the same every time. */
	static byte[] message(int i) {
		Random random = new Random(i);
		ZonedDateTime date = ZonedDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.ofHours(9)).minusHours(1000 - i);
		String from = (i % 2 == 0)
				? encodedWord(NAMES_KO[i % NAMES_KO.length]) + " <sender" + (i % 50) + "@example.kr>"
				: "\"" + NAMES_EN[i % NAMES_EN.length] + "\" <sender" + (i % 50) + "@example.org>";
		StringBuilder text = new StringBuilder();
		while (text.length() < 5750) {
			boolean korean = random.nextInt(3) == 0;
			String[] words = korean ? KO : EN;
			int n = 6 + random.nextInt(8);
			for (int w = 0; w < n; w++) {
				text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
			}
			text.append(".\n");
		}
		String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
		String message = "From: " + from + "\r\n" + "To: Bench Users <team@localhost>\r\n" + "Subject: " + subject(i)
				+ "\r\n" + "Date: " + date.format(DateTimeFormatter.RFC_1123_DATE_TIME) + "\r\n" + "Message-ID: "
				+ messageId(i) + "\r\n" + "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n"
				+ "Content-Transfer-Encoding: base64\r\n" + "\r\n" + body + "\r\n";
		return message.getBytes(StandardCharsets.US_ASCII);
	}

	// ---------------------------------------------------------------------- SMTP ----

	static void smtp(String host, int port, int count, String[] recipients) throws Exception {
		AtomicInteger next = new AtomicInteger();
		parallel(4, (t) -> {
			try (Socket socket = connect(host, port)) {
				Input in = new Input(socket.getInputStream());
				OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
				smtpReply(in, 220, "greeting");
				smtpCommand(in, out, "EHLO load.bench.example", 250);
				int i;
				while ((i = next.getAndIncrement()) < count) {
					smtpCommand(in, out, "MAIL FROM:<sender@bench.example>", 250);
					for (String rcpt : recipients) {
						smtpCommand(in, out, "RCPT TO:<" + rcpt + ">", 250);
					}
					smtpCommand(in, out, "DATA", 354);
					byte[] message = message(i);
					int start = 0;
					for (int p = 0; p < message.length; p++) {
						// dot-stuffing (base64 and these headers never start a line with '.')
						if (message[p] == '.' && (p == 0 || message[p - 1] == '\n')) {
							out.write(message, start, p - start);
							out.write('.');
							start = p;
						}
					}
					out.write(message, start, message.length - start);
					smtpCommand(in, out, ".", 250);
				}
				smtpCommand(in, out, "QUIT", 221);
			}
		});
		System.out.println("delivered " + count + " messages to " + recipients.length + " recipients each by SMTP");
	}

	static void smtpCommand(Input in, OutputStream out, String line, int expect) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		smtpReply(in, expect, line);
	}

	static void smtpReply(Input in, int expect, String after) throws IOException {
		String line;
		do {
			line = new String(in.readLine(), StandardCharsets.UTF_8);
		}
		while (line.length() > 3 && line.charAt(3) == '-');
		if (!line.startsWith(expect + "")) {
			throw new Failure("SMTP answered '" + line + "' to " + after + " (expected " + expect + ")");
		}
	}

	// ---------------------------------------------------------------------- IMAP ----

	/** One untagged or tagged response: its text without literals, and its literals. */
	record Response(String text, List<byte[]> literals) {

		byte[] literal() {
			return this.literals.isEmpty() ? null : this.literals.get(0);
		}

	}

	static final class Imap implements AutoCloseable {

		final Socket socket;

		final Input in;

		final OutputStream out;

		final List<Response> untagged = new ArrayList<>();

		int tag;

		String capabilities = "";

		Imap(String host, int port) throws IOException {
			this.socket = connect(host, port);
			this.in = new Input(this.socket.getInputStream());
			this.out = new BufferedOutputStream(this.socket.getOutputStream(), 65536);
			Response greeting = read();
			if (!greeting.text.startsWith("* OK")) {
				throw new Failure("greeting: " + greeting.text);
			}
		}

		Response read() throws IOException {
			StringBuilder text = new StringBuilder();
			List<byte[]> literals = List.of();
			while (true) {
				byte[] line = this.in.readLine();
				String s = new String(line, StandardCharsets.UTF_8);
				text.append(s);
				int size = literalSize(line);
				if (size < 0) {
					return new Response(text.toString(), literals);
				}
				if (literals.isEmpty()) {
					literals = new ArrayList<>(1);
				}
				literals.add(this.in.readN(size));
			}
		}

		/** Sends a command and reads to its tagged answer, which must be OK. */
		String command(String command) throws IOException {
			return command(command, null);
		}

		String command(String command, byte[] literal) throws IOException {
			this.untagged.clear();
			String t = "a" + (++this.tag);
			this.out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			if (literal != null) {
				// a synchronising literal: wait for the continuation request first
				Response cont = read();
				if (!cont.text.startsWith("+")) {
					throw new Failure(brief(command) + ": expected a continuation, got " + brief(cont.text));
				}
				this.out.write(literal);
				this.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				this.out.flush();
			}
			while (true) {
				Response r = read();
				if (r.text.startsWith(t + " ")) {
					if (!r.text.startsWith(t + " OK")) {
						throw new Failure(brief(command) + ": " + r.text);
					}
					return r.text;
				}
				if (r.text.startsWith("* ")) {
					this.untagged.add(r);
				}
				else {
					throw new Failure(brief(command) + ": unexpected " + brief(r.text));
				}
			}
		}

		void login(String user, String password) throws IOException {
			command("LOGIN " + quote(user) + " " + quote(password));
		}

		int select(String mailbox) throws IOException {
			command("SELECT " + mailbox);
			int exists = -1;
			for (Response r : this.untagged) {
				if (r.text.endsWith(" EXISTS")) {
					exists = Integer.parseInt(r.text.substring(2, r.text.length() - 7));
				}
			}
			return exists;
		}

		void logout() throws IOException {
			command("LOGOUT");
			boolean bye = this.untagged.stream().anyMatch((r) -> r.text.startsWith("* BYE"));
			if (!bye) {
				throw new Failure("LOGOUT without * BYE");
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	static String brief(String s) {
		return s.length() > 200 ? s.substring(0, 200) + "..." : s;
	}

	static String quote(String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** {123} or {123+} at the end of a line, else -1. */
	static int literalSize(byte[] line) {
		int end = line.length - 1;
		if (end < 2 || line[end] != '}') {
			return -1;
		}
		int p = end - 1;
		if (line[p] == '+') {
			p--;
		}
		int digitsEnd = p;
		while (p >= 0 && line[p] >= '0' && line[p] <= '9') {
			p--;
		}
		if (p < 0 || line[p] != '{' || p == digitsEnd) {
			return -1;
		}
		return Integer.parseInt(new String(line, p + 1, digitsEnd - p, StandardCharsets.US_ASCII));
	}

	/** The number after "KEY " in a FETCH response's text, or -1. */
	static long numberAfter(String text, String key) {
		int from = 0;
		while (true) {
			int at = text.indexOf(key, from);
			if (at < 0) {
				return -1;
			}
			char before = at == 0 ? ' ' : text.charAt(at - 1);
			int p = at + key.length();
			if ((before == ' ' || before == '(') && p < text.length() && text.charAt(p) == ' ') {
				p++;
				int start = p;
				while (p < text.length() && Character.isDigit(text.charAt(p))) {
					p++;
				}
				if (p > start) {
					return Long.parseLong(text.substring(start, p));
				}
			}
			from = at + 1;
		}
	}

	/** Whether the FLAGS list of a FETCH response holds \Seen; null without FLAGS. */
	static Boolean seen(String text) {
		int at = text.indexOf("FLAGS (");
		if (at < 0) {
			return null;
		}
		int end = text.indexOf(')', at);
		return text.substring(at, end).toLowerCase(Locale.ROOT).contains("\\seen");
	}

	/** Where the header field NAME (lower case, with its colon) starts, or -1. */
	static int field(byte[] message, String name) {
		int n = name.length();
		for (int p = 0; p + n <= message.length; p++) {
			if (p > 0 && message[p - 1] != '\n') {
				continue;
			}
			if (message[p] == '\r' || message[p] == '\n') {
				return -1; // end of the header
			}
			int k = 0;
			while (k < n && Character.toLowerCase((char) message[p + k]) == name.charAt(k)) {
				k++;
			}
			if (k == n) {
				return p + n;
			}
		}
		return -1;
	}

	static String messageIdIn(byte[] message) {
		int at = field(message, "message-id:");
		if (at < 0) {
			return null;
		}
		int lt = at;
		while (lt < message.length && message[lt] != '<' && message[lt] != '\n') {
			lt++;
		}
		int gt = lt;
		while (gt < message.length && message[gt] != '>' && message[gt] != '\n') {
			gt++;
		}
		if (gt >= message.length || message[lt] != '<' || message[gt] != '>') {
			return null;
		}
		return new String(message, lt, gt - lt + 1, StandardCharsets.ISO_8859_1);
	}

	static String subjectIn(byte[] message) {
		int at = field(message, "subject:");
		if (at < 0) {
			return null;
		}
		int end = at;
		while (end < message.length && message[end] != '\r' && message[end] != '\n') {
			end++;
		}
		return new String(message, at, end - at, StandardCharsets.ISO_8859_1).trim();
	}

	// -------------------------------------------------------------- append, check ----

	static void append(String host, int port, int count, String[][] users) throws Exception {
		AtomicInteger next = new AtomicInteger();
		parallel(Math.min(4, users.length), (t) -> {
			int u;
			while ((u = next.getAndIncrement()) < users.length) {
				try (Imap imap = new Imap(host, port)) {
					imap.login(users[u][0], users[u][1]);
					imap.command("CAPABILITY");
					boolean literalPlus = imap.untagged.stream()
						.anyMatch((r) -> r.text.toUpperCase(Locale.ROOT).contains(" LITERAL+"));
					for (int i = 0; i < count; i++) {
						byte[] message = message(i);
						if (literalPlus) {
							imap.command("APPEND INBOX {" + message.length + "+}\r\n"
									+ new String(message, StandardCharsets.US_ASCII));
						}
						else {
							imap.command("APPEND INBOX {" + message.length + "}", message);
						}
					}
					imap.logout();
				}
			}
		});
		System.out.println("appended " + count + " messages to each of " + users.length + " users");
	}

	static void check(String host, int port, int count, String[][] users) throws Exception {
		Map<String, String> expected = new HashMap<>();
		for (int i = 0; i < count; i++) {
			expected.put(messageId(i), subject(i));
		}
		for (String[] user : users) {
			try (Imap imap = new Imap(host, port)) {
				imap.login(user[0], user[1]);
				int exists = imap.select("INBOX");
				if (exists != count) {
					throw new Failure(user[0] + ": INBOX holds " + exists + " messages, expected " + count);
				}
				imap.command("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])");
				Set<String> seenIds = new HashSet<>();
				for (Response r : imap.untagged) {
					if (!r.text.contains(" FETCH ") || r.literal() == null) {
						continue;
					}
					String id = messageIdIn(r.literal());
					String subject = subjectIn(r.literal());
					if (id == null || !expected.containsKey(id) || !expected.get(id).equals(subject)) {
						throw new Failure(user[0] + ": unexpected message " + id + " subject " + subject);
					}
					seenIds.add(id);
				}
				if (seenIds.size() != count) {
					throw new Failure(user[0] + ": " + seenIds.size() + " distinct benchmark messages, expected " + count);
				}
				imap.logout();
			}
		}
		System.out.println("checked: each of " + users.length + " INBOXes holds the " + count
				+ " benchmark messages (Message-ID and Subject)");
	}

	// ------------------------------------------------------------------ workload ----

	static final String[] PHASES = { "login", "select", "headers", "bodies", "store", "logout" };

	static void run(String host, int port, int count, String[][] users, int clients, int repeat, int bodies,
			String label) throws Exception {
		if (bodies > count) {
			throw new Failure("BODIES must not exceed the mailbox size");
		}
		int windows = count / bodies;
		// A client checks the \Seen state it left behind only when it has its user to itself.
		boolean ownMailbox = users.length >= clients;
		long[][] latencies = new long[clients][repeat];
		long[][][] phases = new long[clients][repeat][PHASES.length];
		CountDownLatch ready = new CountDownLatch(clients);
		CountDownLatch go = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		long[] wall = new long[2];
		Thread[] threads = new Thread[clients];
		for (int c = 0; c < clients; c++) {
			int client = c;
			String[] user = users[c % users.length];
			threads[c] = new Thread(() -> {
				boolean counted = false;
				try {
					// One untimed workload first: the load client's own JIT warm-up.
					workload(host, port, count, user, bodies, (client + repeat) % windows, ownMailbox,
							new long[PHASES.length]);
					ready.countDown();
					counted = true;
					go.await();
					for (int k = 0; k < repeat && failure.get() == null; k++) {
						long[] marks = phases[client][k];
						long t0 = System.nanoTime();
						workload(host, port, count, user, bodies, (client + k) % windows, ownMailbox, marks);
						latencies[client][k] = System.nanoTime() - t0;
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null,
							new Failure("client " + client + " (" + user[0] + "): " + ex.getMessage(), ex));
					if (!counted) {
						ready.countDown();
					}
				}
			}, "client-" + c);
			threads[c].start();
		}
		ready.await();
		wall[0] = System.nanoTime();
		go.countDown();
		for (Thread t : threads) {
			t.join();
		}
		wall[1] = System.nanoTime();
		if (failure.get() != null) {
			failure.get().printStackTrace();
			throw new Failure(failure.get().getMessage());
		}
		double seconds = (wall[1] - wall[0]) / 1e9;
		int workloads = clients * repeat;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		StringBuilder line = new StringBuilder();
		line.append(String.format(Locale.ROOT,
				"label=%s workloads=%d seconds=%.3f msgs_per_s=%.1f workloads_per_s=%.2f p50=%.1f p90=%.1f p99=%.1f max=%.1f",
				label, workloads, seconds, workloads * (double) count / seconds, workloads / seconds, ms(all, 0.50),
				ms(all, 0.90), ms(all, 0.99), all[all.length - 1] / 1e6));
		for (int p = 0; p < PHASES.length; p++) {
			int phase = p;
			long[] each = Arrays.stream(phases)
				.flatMap(Arrays::stream)
				.mapToLong((marks) -> marks[phase])
				.sorted()
				.toArray();
			line.append(String.format(Locale.ROOT, " %s_p50=%.1f", PHASES[p], ms(each, 0.50)));
		}
		line.append(" errors=0");
		System.out.println(line);
	}

	/** Nearest-rank percentile in milliseconds. */
	static double ms(long[] sorted, double q) {
		int rank = (int) Math.ceil(q * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1e6;
	}

	/**
	 * One workload on a new connection. {@code marks} receives the nanoseconds of each
	 * phase.
	 */
	static void workload(String host, int port, int count, String[] user, int bodies, int window,
			boolean ownMailbox, long[] marks) throws IOException {
		long t = System.nanoTime();
		try (Imap imap = new Imap(host, port)) {
			imap.login(user[0], user[1]);
			t = mark(marks, 0, t);

			int exists = imap.select("INBOX");
			if (exists != count) {
				throw new Failure("SELECT INBOX: " + exists + " EXISTS, expected " + count);
			}
			t = mark(marks, 1, t);

			imap.command("UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])");
			long[] uids = new long[count];
			long[] sizes = new long[count];
			String[] ids = new String[count];
			boolean[] seen = new boolean[count];
			int n = 0;
			for (Response r : imap.untagged) {
				if (!r.text.contains(" FETCH (") || !r.text.contains("BODY[HEADER.FIELDS")) {
					continue;
				}
				if (n == count) {
					throw new Failure("header FETCH: more than " + count + " messages");
				}
				uids[n] = numberAfter(r.text, "UID");
				sizes[n] = numberAfter(r.text, "RFC822.SIZE");
				Boolean s = seen(r.text);
				byte[] header = r.literal();
				ids[n] = header == null ? null : messageIdIn(header);
				if (uids[n] <= 0 || sizes[n] <= 0 || s == null || ids[n] == null || subjectIn(header) == null) {
					throw new Failure("header FETCH: incomplete response " + brief(r.text));
				}
				seen[n] = s;
				n++;
			}
			if (n != count) {
				throw new Failure("header FETCH: " + n + " messages, expected " + count);
			}
			t = mark(marks, 2, t);

			// Messages are in UID order; the window is the bodies at positions
			// [window * bodies, (window + 1) * bodies).
			int first = window * bodies;
			for (int i = first; i < first + bodies; i++) {
				imap.command("UID FETCH " + uids[i] + " BODY.PEEK[]");
				byte[] body = null;
				for (Response r : imap.untagged) {
					if (r.text.contains(" FETCH (") && r.text.contains("BODY[]") && r.literal() != null
							&& numberAfter(r.text, "UID") == uids[i]) {
						body = r.literal();
					}
				}
				if (body == null) {
					throw new Failure("UID FETCH " + uids[i] + " BODY.PEEK[]: no body");
				}
				if (body.length != sizes[i]) {
					throw new Failure("UID " + uids[i] + ": body of " + body.length + " bytes, RFC822.SIZE " + sizes[i]);
				}
				if (!ids[i].equals(messageIdIn(body))) {
					throw new Failure("UID " + uids[i] + ": body is not message " + ids[i]);
				}
			}
			t = mark(marks, 3, t);

			// Stores always cover a whole window, so a window is all seen or all unseen.
			boolean wasSeen = seen[first];
			if (ownMailbox) {
				for (int i = first; i < first + bodies; i++) {
					if (seen[i] != wasSeen) {
						throw new Failure("UIDs " + uids[first] + " and " + uids[i] + " differ in \\Seen");
					}
				}
			}
			StringBuilder set = new StringBuilder();
			for (int i = first; i < first + bodies; i++) {
				int runEnd = i;
				while (runEnd + 1 < first + bodies && uids[runEnd + 1] == uids[runEnd] + 1) {
					runEnd++;
				}
				set.append(set.length() == 0 ? "" : ",").append(uids[i]);
				if (runEnd > i) {
					set.append(':').append(uids[runEnd]);
				}
				i = runEnd;
			}
			imap.command("UID STORE " + set + (wasSeen ? " -FLAGS" : " +FLAGS") + " (\\Seen)");
			if (ownMailbox) {
				Set<Long> stored = new HashSet<>();
				for (int i = first; i < first + bodies; i++) {
					stored.add(uids[i]);
				}
				int updated = 0;
				for (Response r : imap.untagged) {
					if (r.text.contains(" FETCH (") && stored.contains(numberAfter(r.text, "UID"))) {
						if (!Boolean.valueOf(!wasSeen).equals(seen(r.text))) {
							throw new Failure("UID STORE: " + brief(r.text));
						}
						updated++;
					}
				}
				if (updated != bodies) {
					throw new Failure("UID STORE: " + updated + " FETCH responses, expected " + bodies);
				}
			}
			t = mark(marks, 4, t);

			imap.logout();
			mark(marks, 5, t);
		}
	}

	static long mark(long[] marks, int phase, long since) {
		long now = System.nanoTime();
		marks[phase] = now - since;
		return now;
	}

	// ------------------------------------------------------------------- plumbing ----

	static Socket connect(String host, int port) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress(host, port), 10_000);
		// Long: this shared VM has been seen to stall for two minutes at a time.
		socket.setSoTimeout(600_000);
		return socket;
	}

	/** Buffered input without locks: lines and literals. */
	static final class Input {

		final InputStream raw;

		final byte[] buf = new byte[65536];

		int pos;

		int lim;

		Input(InputStream raw) {
			this.raw = raw;
		}

		boolean fill() throws IOException {
			int n = this.raw.read(this.buf, 0, this.buf.length);
			if (n <= 0) {
				return false;
			}
			this.pos = 0;
			this.lim = n;
			return true;
		}

		/** One line without its CRLF (a bare LF ends it too). */
		byte[] readLine() throws IOException {
			byte[] line = null;
			while (true) {
				if (this.pos == this.lim && !fill()) {
					throw new EOFException("connection closed");
				}
				int start = this.pos;
				int end = start;
				while (end < this.lim && this.buf[end] != '\n') {
					end++;
				}
				int len = end - start;
				int old = line == null ? 0 : line.length;
				byte[] joined = line == null ? new byte[len] : Arrays.copyOf(line, old + len);
				System.arraycopy(this.buf, start, joined, old, len);
				line = joined;
				if (end < this.lim) {
					this.pos = end + 1;
					int n = line.length;
					return (n > 0 && line[n - 1] == '\r') ? Arrays.copyOf(line, n - 1) : line;
				}
				this.pos = this.lim;
			}
		}

		byte[] readN(int size) throws IOException {
			byte[] out = new byte[size];
			int done = 0;
			while (done < size) {
				if (this.pos == this.lim && !fill()) {
					throw new EOFException("connection closed inside a literal");
				}
				int n = Math.min(size - done, this.lim - this.pos);
				System.arraycopy(this.buf, this.pos, out, done, n);
				this.pos += n;
				done += n;
			}
			return out;
		}

	}

	interface Task {

		void run(int thread) throws Exception;

	}

	static void parallel(int threads, Task task) throws Exception {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread[] all = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			int n = t;
			all[t] = new Thread(() -> {
				try {
					task.run(n);
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			});
			all[t].start();
		}
		for (Thread t : all) {
			t.join();
		}
		if (failure.get() != null) {
			throw new Failure(failure.get().getMessage(), failure.get());
		}
	}

	@SuppressWarnings("serial")
	static final class Failure extends RuntimeException {

		Failure(String message) {
			super(message);
		}

		Failure(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
