package dev.mailroom.api;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit (20 a minute here) and the size limit (64 KB here) over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { LimitedApi.RATE_LIMIT, LimitedApi.MAX_SIZE,
		LimitedApi.WEBHOOK_POLL, LimitedApi.WEBHOOK_RETRIES, LimitedApi.WEBHOOK_ATTEMPTS })
class LimitsApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	AccountService accounts;

	ApiTestClient api;

	@BeforeEach
	void client() {
		this.api = new ApiTestClient(this.port, this.json);
	}

	private String user(String email) throws Exception {
		this.accounts.createUser(email, "long-enough", null, false);
		return this.api.post(ApiTestClient.basic(email, "long-enough"), "/api/v1/tokens", Map.of("name", "t"))
			.expect(201)
			.body()
			.get("token")
			.asString();
	}

	@Test
	void limitsRequestsPerUser() throws Exception {
		String busy = ApiTestClient.bearer(user("busy@localhost"));
		String calm = ApiTestClient.bearer(user("calm@localhost"));
		int remaining = Integer.MAX_VALUE;
		ApiTestClient.Response response = null;
		for (int i = 0; i < 30; i++) {
			response = this.api.get(busy, "/api/v1/folders");
			if (response.status() == 429) {
				break;
			}
			response.expect(200);
			assertThat(response.header("RateLimit-Limit")).isEqualTo("20");
			int now = Integer.parseInt(response.header("RateLimit-Remaining"));
			assertThat(now).isLessThan(remaining);
			remaining = now;
		}
		response.problem(429);
		assertThat(response.body().get("type").asString()).isEqualTo("urn:mailroom:problem:rate-limited");
		assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(response.header("RateLimit-Reset"))).isPositive();
		// Each user has a bucket of their own.
		this.api.get(calm, "/api/v1/folders").expect(200);
	}

	@Test
	void refusesMessagesOverTheSizeLimit() throws Exception {
		String token = user("big@localhost");
		String auth = ApiTestClient.bearer(token);
		byte[] file = new byte[100 * 1024];
		Map<String, Object> message = Map.of("from", Map.of("email", "big@localhost"), "to",
				List.of(Map.of("email", "big@localhost")), "text", "Hi", "attachments",
				List.of(Map.of("filename", "big.bin", "content", Base64.getEncoder().encodeToString(file))));

		ApiTestClient.Response refused = this.api.post(auth, "/api/v1/messages", message).problem(413);
		assertThat(refused.body().get("type").asString()).isEqualTo("urn:mailroom:problem:too-large");

		// Without a Content-Length (chunked), refused once the limit is read.
		HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/messages"))
			.header("Authorization", auth)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(this.json.writeValueAsBytes(message))))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(chunked, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("urn:mailroom:problem:too-large");

		byte[] raw = ("From: big@localhost\r\nTo: big@localhost\r\n\r\n" + "x".repeat(70 * 1024))
			.getBytes(StandardCharsets.US_ASCII);
		this.api.raw(auth, "POST", "/api/v1/messages/raw", raw, "message/rfc822", Map.of()).problem(413);

		this.api.get(auth, "/api/v1/messages").expect(200);
		assertThat(this.api.get(auth, "/api/v1/messages").body().get("messages")).isEmpty();
	}

}
