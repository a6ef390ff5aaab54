package dev.mailroom.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.UserAccount;
import dev.mailroom.delivery.RecipientOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against a small HTTP server on 127.0.0.1: events signed with HMAC-SHA256 over
 * the timestamp and the body, retried with backoff until answered 2xx.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { LimitedApi.RATE_LIMIT, LimitedApi.MAX_SIZE,
		LimitedApi.WEBHOOK_POLL, LimitedApi.WEBHOOK_RETRIES, LimitedApi.WEBHOOK_ATTEMPTS })
class WebhooksApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	AccountService accounts;

	@Autowired
	ApplicationEventPublisher events;

	ApiTestClient api;

	HttpServer receiver;

	/** What the receiver got. */
	record Received(String path, Map<String, List<String>> headers, String body, Instant at) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/** Statuses to answer by path, in turn; 200 once none is left. */
	final Map<String, ConcurrentLinkedQueue<Integer>> answers = new ConcurrentHashMap<>();

	@BeforeEach
	void start() throws Exception {
		this.api = new ApiTestClient(this.port, this.json);
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
					body, Instant.now()));
			ConcurrentLinkedQueue<Integer> queue = this.answers.get(exchange.getRequestURI().getPath());
			Integer status = (queue != null) ? queue.poll() : null;
			exchange.sendResponseHeaders((status != null) ? status : 200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stop() {
		this.receiver.stop(0);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.receiver.getAddress().getPort() + path;
	}

	private String user(String email) throws Exception {
		this.accounts.createUser(email, "long-enough", null, false);
		return ApiTestClient
			.bearer(this.api.post(ApiTestClient.basic(email, "long-enough"), "/api/v1/tokens", Map.of("name", "t"))
				.expect(201)
				.body()
				.get("token")
				.asString());
	}

	private Received next() throws InterruptedException {
		Received request = this.received.poll(10, TimeUnit.SECONDS);
		assertThat(request).as("a webhook request").isNotNull();
		return request;
	}

	@Test
	void signsEventsAndRetriesUntilAnswered() throws Exception {
		String sender = user("hooks@localhost");
		String kim = user("hookskim@localhost");
		JsonNode senderHook = this.api
			.post(sender, "/api/v1/webhooks", Map.of("url", url("/sender"), "events", List.of("delivered", "bounced")))
			.expect(201)
			.body();
		String secret = senderHook.get("secret").asString();
		assertThat(secret).startsWith("whsec_");
		this.api.post(kim, "/api/v1/webhooks", Map.of("url", url("/kim"), "events", List.of("received"))).expect(201);
		assertThat(this.api.get(sender, "/api/v1/webhooks").expect(200).body().get(0).has("secret")).isFalse();
		this.answers.put("/sender", new ConcurrentLinkedQueue<>(List.of(500)));

		String id = this.api
			.post(sender, "/api/v1/messages",
					Map.of("from", Map.of("email", "hooks@localhost"), "to",
							List.of(Map.of("email", "hookskim@localhost")), "subject", "웹훅", "text", "Hi", "tags",
							List.of(Map.of("name", "campaign", "value", "spring"))))
			.expect(202)
			.body()
			.get("id")
			.asString();

		Received first = null;
		Received retry = null;
		Received kims = null;
		for (int i = 0; i < 3; i++) {
			Received request = next();
			if (request.path().equals("/kim")) {
				kims = request;
			}
			else if (first == null) {
				first = request;
			}
			else {
				retry = request;
			}
		}
		// The first attempt was answered 500, so it came again after the backoff: same
		// event, newly signed.
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(Duration.between(first.at(), retry.at())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertSigned(retry, secret);
		JsonNode event = this.json.readTree(retry.body());
		assertThat(event.get("type").asString()).isEqualTo("delivered");
		assertThat(event.get("id").asString()).startsWith("evt_");
		assertThat(retry.header("Mailroom-Event")).isEqualTo("delivered");
		assertThat(event.get("data").get("message_id").asString()).isEqualTo(id);
		assertThat(event.get("data").get("recipient").asString()).isEqualTo("hookskim@localhost");
		assertThat(event.get("data").get("local").asBoolean()).isTrue();
		assertThat(event.get("data").get("tags").get(0).get("value").asString()).isEqualTo("spring");

		JsonNode receivedEvent = this.json.readTree(kims.body());
		assertThat(receivedEvent.get("type").asString()).isEqualTo("received");
		assertThat(receivedEvent.get("data").get("subject").asString()).isEqualTo("웹훅");
		assertThat(receivedEvent.get("data").get("message_id").asString()).isEqualTo(id);
		assertThat(receivedEvent.get("data").get("from").get(0).get("email").asString()).isEqualTo("hooks@localhost");

		long hookId = senderHook.get("id").asLong();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode delivery = this.api.get(sender, "/api/v1/webhooks/" + hookId + "/deliveries")
				.expect(200)
				.body()
				.get(0);
			assertThat(delivery.get("state").asString()).isEqualTo("delivered");
			assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
			assertThat(delivery.get("last_status").asInt()).isEqualTo(200);
		});
	}

	@Test
	void tellsOfRemoteOutcomesAndGivesUpAfterTheLastAttempt() throws Exception {
		String sender = user("outcome@localhost");
		UserAccount account = this.accounts.findUser("outcome@localhost").orElseThrow();
		JsonNode hook = this.api
			.post(sender, "/api/v1/webhooks", Map.of("url", url("/outcome"), "events", List.of("bounced")))
			.expect(201)
			.body();
		this.answers.put("/outcome", new ConcurrentLinkedQueue<>(List.of(503, 503, 503)));

		// As the outbound queue publishes it after a remote server refused a recipient.
		this.events.publishEvent(new RecipientOutcome(1, "abc@localhost", account.id(), "nobody@elsewhere.test",
				"deferred", "451 4.7.1 try later", 1, Instant.now()));
		this.events.publishEvent(new RecipientOutcome(1, "abc@localhost", account.id(), "nobody@elsewhere.test",
				"bounced", "550 5.1.1 no such user", 2, null));

		for (int i = 0; i < 3; i++) {
			Received request = next();
			JsonNode event = this.json.readTree(request.body());
			assertThat(event.get("type").asString()).isEqualTo("bounced");
			assertThat(event.get("data").get("reply").asString()).isEqualTo("550 5.1.1 no such user");
			assertThat(event.get("data").get("local").asBoolean()).isFalse();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode delivery = this.api.get(sender, "/api/v1/webhooks/" + hook.get("id").asLong() + "/deliveries")
				.expect(200)
				.body()
				.get(0);
			assertThat(delivery.get("state").asString()).isEqualTo("failed");
			assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
		});
		// Not asked for: the deferred event was never queued.
		assertThat(this.received.poll(500, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void refusesUrlsThatAreNotHttp() throws Exception {
		String user = user("badurl@localhost");
		for (String url : List.of("ftp://127.0.0.1/x", "javascript:alert(1)", "file:///etc/passwd", "not a url",
				"http:///nohost")) {
			assertThat(this.api.post(user, "/api/v1/webhooks", Map.of("url", url)).problem(400).errorFields())
				.containsExactly("url");
		}
		assertThat(this.api.post(user, "/api/v1/webhooks", Map.of("url", url("/x"), "events", List.of("opened")))
			.problem(400)
			.errorFields()).containsExactly("events[0]");
	}

	@Test
	void anotherUsersWebhooksAreNotFound() throws Exception {
		String owner = user("hookowner@localhost");
		String mallory = user("hookmallory@localhost");
		long id = this.api.post(owner, "/api/v1/webhooks", Map.of("url", url("/o")))
			.expect(201)
			.body()
			.get("id")
			.asLong();

		this.api.delete(mallory, "/api/v1/webhooks/" + id).problem(404);
		this.api.get(mallory, "/api/v1/webhooks/" + id + "/deliveries").problem(404);
		assertThat(this.api.get(mallory, "/api/v1/webhooks").expect(200).body()).isEmpty();
		this.api.delete(owner, "/api/v1/webhooks/" + id).expect(204);
	}

	private static void assertSigned(Received request, String secret) throws Exception {
		String signature = request.header("Mailroom-Signature");
		assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
		String timestamp = signature.substring(2, signature.indexOf(','));
		assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.data.Offset.offset(30L));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = HexFormat.of()
			.formatHex(mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
		assertThat(signature).endsWith("v1=" + expected);
	}

}
