import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load client of bench/api-send.sh: CLIENTS threads, each with its own keep-alive
 * connection, POST small JSON messages to /api/v1/messages one after another (closed
 * loop: a client sends its next request when the previous answer is in) until TOTAL
 * requests have been made. Prints one line: accepted, other statuses, wall seconds,
 * requests per second and latency percentiles in milliseconds.
 *
 * Usage: java ApiSendLoad.java BASE_URL TOKEN FROM TO TOTAL CLIENTS LABEL
 */
public class ApiSendLoad {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String token = args[1];
		String from = args[2];
		String to = args[3];
		int total = Integer.parseInt(args[4]);
		int clients = Integer.parseInt(args[5]);
		String label = args[6];
		URI uri = URI.create(base + "/api/v1/messages");
		AtomicInteger next = new AtomicInteger();
		long[][] latencies = new long[clients][];
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> errors = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		Thread[] threads = new Thread[clients];
		for (int c = 0; c < clients; c++) {
			int client = c;
			threads[c] = new Thread(() -> {
				// One client per connection, as 16 separate programs would be.
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
				long[] mine = new long[total];
				int count = 0;
				Map<Integer, Integer> myStatuses = new TreeMap<>();
				try {
					start.await();
					int n;
					while ((n = next.getAndIncrement()) < total) {
						String body = "{\"from\":{\"email\":\"" + from + "\",\"name\":\"Bench\"},\"to\":[{\"email\":\"" + to
								+ "\"}],\"subject\":\"Bench " + label + " " + n
								+ "\",\"text\":\"A small message from the REST API benchmark, number " + n
								+ ". Nothing to read here.\"}";
						HttpRequest request = HttpRequest.newBuilder(uri)
							.timeout(Duration.ofSeconds(30))
							.header("Authorization", "Bearer " + token)
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
							.build();
						long t0 = System.nanoTime();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						mine[count++] = System.nanoTime() - t0;
						myStatuses.merge(response.statusCode(), 1, Integer::sum);
						if (response.statusCode() != 202) {
							synchronized (errors) {
								if (errors.size() < 5) {
									errors.add(response.statusCode() + " " + response.body());
								}
							}
						}
					}
				}
				catch (Exception ex) {
					synchronized (errors) {
						errors.add(ex.toString());
					}
				}
				latencies[client] = Arrays.copyOf(mine, count);
				synchronized (statuses) {
					myStatuses.forEach((status, k) -> statuses.merge(status, k, Integer::sum));
				}
			});
			threads[c].start();
		}
		long t0 = System.nanoTime();
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		int accepted = statuses.getOrDefault(202, 0);
		int other = all.length - accepted;
		System.out.printf("label=%s accepted=%d other=%d seconds=%.3f rps=%.1f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f statuses=%s%n",
				label, accepted, other, seconds, accepted / seconds, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99),
				ms(all, 0.999), (all.length > 0) ? all[all.length - 1] / 1e6 : 0.0, statuses);
		errors.forEach((error) -> System.err.println("error: " + error));
		if (other > 0 || !errors.isEmpty()) {
			System.exit(1);
		}
	}

	private static double ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
	}

}
