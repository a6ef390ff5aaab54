package dev.mailroom.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mailroom.account.AccountService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sending and reading mail through the REST API over real HTTP, on the embedded
 * PostgreSQL: the same submission path as the webmail, every field kept, errors a program
 * can act on, and no way into another user's mail.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MessagesApiTests {

	private static final AtomicInteger USERS = new AtomicInteger();

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

	/** A new user and a token of theirs. */
	record User(String email, String password, String token) {

		String auth() {
			return ApiTestClient.bearer(this.token);
		}

		String basic() {
			return ApiTestClient.basic(this.email, this.password);
		}

	}

	private User user(String name) throws Exception {
		String email = name + USERS.incrementAndGet() + "@localhost";
		String password = "password-" + name;
		this.accounts.createUser(email, password, null, false);
		ApiTestClient.Response token = this.api
			.post(ApiTestClient.basic(email, password), "/api/v1/tokens", Map.of("name", "tests"))
			.expect(201);
		assertThat(token.body().get("token").asString()).startsWith("mr_");
		return new User(email, password, token.body().get("token").asString());
	}

	private static Map<String, Object> address(String email, String name) {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("email", email);
		if (name != null) {
			address.put("name", name);
		}
		return address;
	}

	private static Map<String, Object> message(User from, User to, String subject) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("from", address(from.email(), null));
		message.put("to", List.of(address(to.email(), null)));
		message.put("subject", subject);
		message.put("text", "Hello");
		return message;
	}

	private JsonNode inbox(User user) throws Exception {
		return this.api.get(user.auth(), "/api/v1/messages?folder=inbox").expect(200).body().get("messages");
	}

	@Test
	void sendsToALocalUserWithEveryFieldIntact() throws Exception {
		User sender = user("sender");
		User kim = user("kim");
		User lee = user("lee");
		User park = user("park");
		byte[] pdf = "%PDF-1.4 보고서".getBytes(StandardCharsets.UTF_8);
		byte[] png = Base64.getDecoder()
			.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("from", address(sender.email(), "보내는 사람"));
		message.put("to", List.of(address(kim.email(), "김철수")));
		message.put("cc", List.of(address(lee.email(), "Lee, Younghee")));
		message.put("bcc", List.of(address(park.email(), null)));
		message.put("reply_to", address("replies@example.test", "답장 받는 곳"));
		message.put("subject", "3월 소식: 회의록과 보고서");
		message.put("text", "안녕하세요,\n보고서를 보냅니다.");
		message.put("html", "<p>안녕하세요, <b>보고서</b>를 보냅니다.<img src=\"cid:logo\"></p><script>alert(1)</script>");
		message.put("attachments", List.of(
				Map.of("filename", "보고서 2026년 3월.pdf", "content_type", "application/pdf", "content",
						Base64.getEncoder().encodeToString(pdf)),
				Map.of("filename", "logo.png", "content_type", "image/png", "content",
						Base64.getEncoder().encodeToString(png), "disposition", "inline", "content_id", "logo")));
		message.put("headers", Map.of("X-Campaign", "봄 소식", "List-Unsubscribe", "<mailto:unsub@localhost>"));
		message.put("tags", List.of(Map.of("name", "campaign", "value", "march")));
		message.put("metadata", Map.of("customer", "42"));

		ApiTestClient.Response sent = this.api.post(sender.auth(), "/api/v1/messages", message).expect(202);

		String id = sent.body().get("id").asString();
		assertThat(id).contains("@");
		assertThat(sent.body().get("status").asString()).isEqualTo("queued");
		assertThat(Instant.parse(sent.body().get("submitted_at").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(sent.header("Location")).isEqualTo("/api/v1/messages/" + id);
		long sentId = sent.body().get("sent_id").asLong();

		JsonNode listed = inbox(kim);
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).get("subject").asString()).isEqualTo("3월 소식: 회의록과 보고서");
		assertThat(listed.get(0).get("has_attachments").asBoolean()).isTrue();
		assertThat(listed.get(0).get("flags").get("seen").asBoolean()).isFalse();

		JsonNode read = this.api.get(kim.auth(), "/api/v1/messages/" + listed.get(0).get("id").asLong())
			.expect(200)
			.body();
		assertThat(read.get("message_id").asString()).isEqualTo(id);
		assertThat(read.get("folder").asString()).isEqualTo("inbox");
		assertThat(read.get("subject").asString()).isEqualTo("3월 소식: 회의록과 보고서");
		assertThat(read.get("from").get(0).get("email").asString()).isEqualTo(sender.email());
		assertThat(read.get("from").get(0).get("name").asString()).isEqualTo("보내는 사람");
		assertThat(read.get("to").get(0).get("name").asString()).isEqualTo("김철수");
		assertThat(read.get("cc").get(0).get("name").asString()).isEqualTo("Lee, Younghee");
		assertThat(read.get("cc").get(0).get("email").asString()).isEqualTo(lee.email());
		assertThat(read.get("reply_to").get(0).get("name").asString()).isEqualTo("답장 받는 곳");
		assertThat(read.get("text").asString()).isEqualTo("안녕하세요,\n보고서를 보냅니다.");
		assertThat(read.get("html").asString()).contains("<b>보고서</b>").doesNotContain("script");
		assertThat(read.get("attachments")).hasSize(2);
		JsonNode file = read.get("attachments").get(0);
		assertThat(file.get("filename").asString()).isEqualTo("보고서 2026년 3월.pdf");
		assertThat(file.get("content_type").asString()).isEqualTo("application/pdf");
		assertThat(file.get("disposition").asString()).isEqualTo("attachment");
		JsonNode logo = read.get("attachments").get(1);
		assertThat(logo.get("disposition").asString()).isEqualTo("inline");
		assertThat(read.get("html").asString()).contains(logo.get("url").asString());
		assertThat(this.api.bytes(kim.auth(), file.get("url").asString())).isEqualTo(pdf);
		assertThat(this.api.bytes(kim.auth(), logo.get("url").asString())).isEqualTo(png);
		ApiTestClient.Response download = this.api.get(kim.auth(), file.get("url").asString()).expect(200);
		assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("filename*=UTF-8''");
		// Tags and metadata are the sender's, never in the recipient's view or the
		// message.
		assertThat(read.has("tags")).isFalse();

		String raw = new String(this.api.bytes(kim.auth(), "/api/v1/messages/" + read.get("id").asLong() + "/raw"),
				StandardCharsets.UTF_8);
		assertThat(raw).contains("X-Campaign: =?UTF-8?").contains("List-Unsubscribe: <mailto:unsub@localhost>");
		assertThat(raw.toLowerCase()).doesNotContain("bcc").doesNotContain("customer").doesNotContain("march");
		assertThat(inbox(lee)).hasSize(1);
		assertThat(inbox(park)).hasSize(1);

		JsonNode mine = this.api.get(sender.auth(), "/api/v1/messages/" + sentId).expect(200).body();
		assertThat(mine.get("folder").asString()).isEqualTo("sent");
		assertThat(mine.get("tags").get(0).get("value").asString()).isEqualTo("march");
		assertThat(mine.get("metadata").get("customer").asString()).isEqualTo("42");
		assertThat(this.api.get(sender.auth(), "/api/v1/messages/" + id).expect(200).body().get("id").asLong())
			.isEqualTo(sentId);

		JsonNode deliveries = this.api.get(sender.auth(), "/api/v1/messages/" + id + "/deliveries")
			.expect(200)
			.body()
			.get("recipients");
		assertThat(deliveries).hasSize(3);
		deliveries.forEach((recipient) -> {
			assertThat(recipient.get("local").asBoolean()).isTrue();
			assertThat(recipient.get("state").asString()).isEqualTo("delivered");
		});
		assertThat(deliveries.findValues("recipient")).extracting(JsonNode::asString)
			.containsExactly(kim.email(), lee.email(), park.email());
	}

	@Test
	void remoteRecipientsWaitInTheQueue() throws Exception {
		User sender = user("remote");
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("from", address(sender.email(), null));
		message.put("to", List.of(address("someone@elsewhere.test", "Someone")));
		message.put("text", "Hi");
		String id = this.api.post(sender.auth(), "/api/v1/messages", message).expect(202).body().get("id").asString();

		JsonNode recipient = this.api.get(sender.auth(), "/api/v1/messages/" + id + "/deliveries")
			.expect(200)
			.body()
			.get("recipients")
			.get(0);
		assertThat(recipient.get("recipient").asString()).isEqualTo("someone@elsewhere.test");
		assertThat(recipient.get("local").asBoolean()).isFalse();
		assertThat(recipient.get("state").asString()).isEqualTo("queued");
		assertThat(recipient.get("attempts").asInt()).isZero();
		assertThat(recipient.has("next_attempt_at")).isTrue();
	}

	@Test
	void anIdempotentRetryAnswersTheSameAndSendsOnce() throws Exception {
		User sender = user("idem");
		User kim = user("idemkim");
		Map<String, String> key = Map.of("Idempotency-Key", "order-1234-confirmation");
		Map<String, Object> message = message(sender, kim, "Your order");

		ApiTestClient.Response first = this.api.send(sender.auth(), "POST", "/api/v1/messages", message, key)
			.expect(202);
		ApiTestClient.Response retry = this.api.send(sender.auth(), "POST", "/api/v1/messages", message, key)
			.expect(202);

		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(inbox(kim)).hasSize(1);

		Map<String, Object> other = message(sender, kim, "Another order");
		ApiTestClient.Response reused = this.api.send(sender.auth(), "POST", "/api/v1/messages", other, key)
			.problem(422);
		assertThat(reused.errorFields()).containsExactly("Idempotency-Key");
		assertThat(inbox(kim)).hasSize(1);

		// Keys are per user, and a failed request leaves its key free.
		User other2 = user("idem2");
		this.api.send(other2.auth(), "POST", "/api/v1/messages", message(other2, kim, "Mine"), key).expect(202);
		Map<String, Object> invalid = message(sender, kim, "Bad");
		invalid.remove("text");
		Map<String, String> fresh = Map.of("Idempotency-Key", "retry-after-fix");
		this.api.send(sender.auth(), "POST", "/api/v1/messages", invalid, fresh).problem(400);
		this.api.send(sender.auth(), "POST", "/api/v1/messages", message(sender, kim, "Fixed"), fresh).expect(202);
		assertThat(inbox(kim)).hasSize(3);

		this.api.send(sender.auth(), "POST", "/api/v1/messages", message, Map.of("Idempotency-Key", "x".repeat(257)))
			.problem(400);
	}

	@Test
	void refusesHeaderInjection() throws Exception {
		User sender = user("inject");
		User kim = user("injectkim");
		List<Map<String, Object>> attempts = new ArrayList<>();
		Map<String, Object> subject = message(sender, kim, "Hello\r\nBcc: victim@elsewhere.test");
		attempts.add(subject);
		Map<String, Object> name = message(sender, kim, "Hi");
		name.put("to", List.of(address(kim.email(), "Kim\nBcc: victim@elsewhere.test")));
		attempts.add(name);
		Map<String, Object> header = message(sender, kim, "Hi");
		header.put("headers", Map.of("X-Note", "ok\r\nBcc: victim@elsewhere.test"));
		attempts.add(header);
		Map<String, Object> email = message(sender, kim, "Hi");
		email.put("to", List.of(address(kim.email() + "\r\nBcc: victim@elsewhere.test", null)));
		attempts.add(email);
		Map<String, Object> filename = message(sender, kim, "Hi");
		filename.put("attachments", List.of(Map.of("filename", "a.txt\r\nBcc: x@y.test", "content", "aGk=")));
		attempts.add(filename);
		List<String> fields = List.of("subject", "to[0].name", "headers.X-Note", "to[0].email",
				"attachments[0].filename");

		for (int i = 0; i < attempts.size(); i++) {
			ApiTestClient.Response refused = this.api.post(sender.auth(), "/api/v1/messages", attempts.get(i))
				.problem(400);
			assertThat(refused.errorFields()).containsExactly(fields.get(i));
			assertThat(refused.body().get("errors").get(0).get("message").asString()).contains("CR or LF");
		}
		for (String reserved : List.of("Bcc", "From", "Subject", "Content-Type", "MIME-Version", "Message-ID", "Date",
				"Reply-To", "To", "Cc")) {
			Map<String, Object> overriding = message(sender, kim, "Hi");
			overriding.put("headers", Map.of(reserved, "x@elsewhere.test"));
			assertThat(this.api.post(sender.auth(), "/api/v1/messages", overriding).problem(400).errorFields())
				.containsExactly("headers." + reserved);
		}
		assertThat(inbox(kim)).isEmpty();
	}

	@Test
	void namesTheFieldsThatAreInvalid() throws Exception {
		User sender = user("fields");
		User kim = user("fieldskim");
		Map<String, Object> message = message(sender, kim, "Hi");
		message.put("to", List.of(address(kim.email(), null), address("not-an-address", null)));
		message.put("cc", List.of(address("kim@", null)));
		message.put("attachments", List.of(Map.of("filename", "a.bin", "content", "not base64!")));
		message.remove("text");

		ApiTestClient.Response refused = this.api.post(sender.auth(), "/api/v1/messages", message).problem(400);

		assertThat(refused.errorFields()).containsExactlyInAnyOrder("to[1].email", "cc[0].email", "text",
				"attachments[0].content");
		assertThat(refused.body().get("type").asString()).isEqualTo("urn:mailroom:problem:invalid-request");
		assertThat(inbox(kim)).isEmpty();

		Map<String, Object> nobody = message(sender, kim, "Hi");
		nobody.remove("to");
		assertThat(this.api.post(sender.auth(), "/api/v1/messages", nobody).problem(400).errorFields())
			.containsExactly("to");
		Map<String, Object> noFrom = message(sender, kim, "Hi");
		noFrom.remove("from");
		assertThat(this.api.post(sender.auth(), "/api/v1/messages", noFrom).problem(400).errorFields())
			.containsExactly("from");
	}

	@Test
	void refusesMoreRecipientsThanTheLimit() throws Exception {
		User sender = user("many");
		User kim = user("manykim");
		Map<String, Object> message = message(sender, kim, "Hi");
		List<Map<String, Object>> to = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			to.add(address("r" + i + "@elsewhere.test", null));
		}
		List<Map<String, Object>> bcc = new ArrayList<>();
		for (int i = 0; i < 41; i++) {
			bcc.add(address("b" + i + "@elsewhere.test", null));
		}
		message.put("to", to);
		message.put("bcc", bcc);

		ApiTestClient.Response refused = this.api.post(sender.auth(), "/api/v1/messages", message).problem(400);

		assertThat(refused.errorFields()).containsExactly("to");
		assertThat(refused.body().get("detail").asString()).contains("at most 100 recipients");
		bcc.remove(0);
		this.api.post(sender.auth(), "/api/v1/messages", message).expect(202);
	}

	@Test
	void refusesUnknownFields() throws Exception {
		User sender = user("unknown");
		User kim = user("unknownkim");
		Map<String, Object> message = message(sender, kim, "Hi");
		message.put("subjet", "typo");

		ApiTestClient.Response refused = this.api.post(sender.auth(), "/api/v1/messages", message).problem(400);
		assertThat(refused.body().get("detail").asString()).contains("subjet");
		assertThat(refused.errorFields()).containsExactly("subjet");

		Map<String, Object> nested = message(sender, kim, "Hi");
		nested.put("attachments", List.of(Map.of("filname", "a.txt", "content", "aGk=")));
		assertThat(this.api.post(sender.auth(), "/api/v1/messages", nested).problem(400).errorFields())
			.containsExactly("attachments[0].filname");
		this.api.post(sender.auth(), "/api/v1/messages", "{not json").problem(400);
		assertThat(inbox(kim)).isEmpty();
	}

	@Test
	void sendsOnlyAsTheCallersOwnAddresses() throws Exception {
		User sender = user("owner");
		User kim = user("ownerkim");
		Map<String, Object> message = message(sender, kim, "Hi");
		message.put("from", address(kim.email(), null));

		ApiTestClient.Response refused = this.api.post(sender.auth(), "/api/v1/messages", message).problem(403);

		assertThat(refused.errorFields()).containsExactly("from.email");
		assertThat(inbox(kim)).isEmpty();
	}

	@Test
	void authenticatesWithTokensOrThePassword() throws Exception {
		User user = user("auth");
		User kim = user("authkim");

		this.api.post(user.basic(), "/api/v1/messages", message(user, kim, "By password")).expect(202);
		this.api.get(null, "/api/v1/folders").problem(401);
		ApiTestClient.Response wrong = this.api.get(ApiTestClient.bearer("mr_" + "A".repeat(43)), "/api/v1/folders")
			.problem(401);
		assertThat(wrong.headers().allValues("WWW-Authenticate")).anyMatch((value) -> value.startsWith("Bearer"));
		this.api.get(ApiTestClient.bearer("garbage"), "/api/v1/folders").problem(401);
		// A token cannot make tokens.
		this.api.post(user.auth(), "/api/v1/tokens", Map.of("name", "more")).problem(403);

		JsonNode tokens = this.api.get(user.basic(), "/api/v1/tokens").expect(200).body();
		assertThat(tokens).hasSize(1);
		assertThat(tokens.get(0).has("token")).isFalse();
		this.api.delete(user.basic(), "/api/v1/tokens/" + tokens.get(0).get("id").asLong()).expect(204);
		this.api.get(user.auth(), "/api/v1/folders").problem(401);
	}

	@Test
	void throttlesGuessedPasswords() throws Exception {
		User user = user("throttled");
		ApiTestClient.Response last = null;
		for (int i = 0; i < 8; i++) {
			last = this.api.get(ApiTestClient.basic(user.email(), "wrong-" + i), "/api/v1/folders");
			if (last.status() == 429) {
				break;
			}
			last.problem(401);
		}
		last.problem(429);
		assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
		// The token still works: throttling guards the password.
		this.api.get(user.auth(), "/api/v1/folders").expect(200);
	}

	@Test
	void readsAndFilesMail() throws Exception {
		User sender = user("files");
		User kim = user("fileskim");
		for (int i = 1; i <= 3; i++) {
			this.api.post(sender.auth(), "/api/v1/messages", message(sender, kim, "Message " + i)).expect(202);
		}

		JsonNode folders = this.api.get(kim.auth(), "/api/v1/folders").expect(200).body();
		JsonNode inboxFolder = null;
		for (JsonNode folder : folders) {
			if ("inbox".equals(folder.get("role").asString())) {
				inboxFolder = folder;
			}
		}
		assertThat(inboxFolder.get("total").asInt()).isEqualTo(3);
		assertThat(inboxFolder.get("unread").asInt()).isEqualTo(3);

		JsonNode first = this.api.get(kim.auth(), "/api/v1/messages?limit=2").expect(200).body();
		assertThat(first.get("messages").findValues("subject")).extracting(JsonNode::asString)
			.containsExactly("Message 3", "Message 2");
		JsonNode second = this.api
			.get(kim.auth(), "/api/v1/messages?limit=2&cursor=" + first.get("next_cursor").asString())
			.expect(200)
			.body();
		assertThat(second.get("messages").findValues("subject")).extracting(JsonNode::asString)
			.containsExactly("Message 1");
		assertThat(second.get("next_cursor").isNull()).isTrue();
		this.api.get(kim.auth(), "/api/v1/messages?limit=500").problem(400);
		this.api.get(kim.auth(), "/api/v1/messages?cursor=nonsense").problem(400);
		this.api.get(kim.auth(), "/api/v1/messages?folder=nowhere").problem(400);

		long id = first.get("messages").get(0).get("id").asLong();
		JsonNode patched = this.api
			.patch(kim.auth(), "/api/v1/messages/" + id, Map.of("seen", true, "flagged", true, "folder", "archive"))
			.expect(200)
			.body();
		assertThat(patched.get("flags").get("seen").asBoolean()).isTrue();
		assertThat(patched.get("flags").get("flagged").asBoolean()).isTrue();
		JsonNode archive = this.api.get(kim.auth(), "/api/v1/messages?folder=archive").expect(200).body();
		assertThat(archive.get("messages").findValues("id")).extracting(JsonNode::asLong).containsExactly(id);
		this.api.patch(kim.auth(), "/api/v1/messages/" + id, Map.of("folder", "nowhere")).problem(400);
		this.api.patch(kim.auth(), "/api/v1/messages/" + id, Map.of("sen", true)).problem(400);

		this.api.delete(kim.auth(), "/api/v1/messages/" + id).expect(204);
		assertThat(this.api.get(kim.auth(), "/api/v1/messages/" + id).expect(200).body().get("folder").asString())
			.isEqualTo("trash");
		this.api.delete(kim.auth(), "/api/v1/messages/" + id + "?permanent=true").expect(204);
		this.api.get(kim.auth(), "/api/v1/messages/" + id).problem(404);
		assertThat(inbox(kim)).hasSize(2);
	}

	@Test
	void anotherUsersIdsAreNotFound() throws Exception {
		User owner = user("owner");
		User mallory = user("mallory");
		String messageId = this.api.post(owner.auth(), "/api/v1/messages", message(owner, owner, "Private"))
			.expect(202)
			.body()
			.get("id")
			.asString();
		long id = inbox(owner).get(0).get("id").asLong();
		String scheduledId = scheduled(owner, owner, Instant.now().plus(Duration.ofHours(1)));

		for (String ref : List.of(Long.toString(id), messageId, scheduledId)) {
			String base = "/api/v1/messages/" + ref;
			this.api.get(mallory.auth(), base).problem(404);
			this.api.get(mallory.auth(), base + "/raw").problem(404);
			this.api.get(mallory.auth(), base + "/attachments/0").problem(404);
			this.api.get(mallory.auth(), base + "/deliveries").problem(404);
			this.api.patch(mallory.auth(), base, Map.of("seen", true)).problem(404);
			this.api.delete(mallory.auth(), base).problem(404);
			this.api.delete(mallory.auth(), base + "?permanent=true").problem(404);
			this.api.post(mallory.auth(), base + "/cancel", null).problem(404);
		}
		long ownersFolder = this.api.get(owner.auth(), "/api/v1/folders").body().get(0).get("id").asLong();
		this.api.get(mallory.auth(), "/api/v1/messages?folder=" + ownersFolder).problem(404);
		long token = this.api.get(owner.basic(), "/api/v1/tokens").body().get(0).get("id").asLong();
		this.api.delete(mallory.auth(), "/api/v1/tokens/" + token).problem(404);

		JsonNode still = this.api.get(owner.auth(), "/api/v1/messages/" + id).expect(200).body();
		assertThat(still.get("flags").get("seen").asBoolean()).isFalse();
		assertThat(still.get("folder").asString()).isEqualTo("inbox");
		this.api.get(owner.auth(), "/api/v1/messages/" + scheduledId + "/deliveries").expect(200);
	}

	private String scheduled(User from, User to, Instant at) throws Exception {
		Map<String, Object> message = message(from, to, "Later");
		message.put("send_at", at.toString());
		ApiTestClient.Response accepted = this.api.post(from.auth(), "/api/v1/messages", message).expect(202);
		assertThat(accepted.body().get("status").asString()).isEqualTo("scheduled");
		return accepted.body().get("id").asString();
	}

	@Test
	void schedulesAndCancels() throws Exception {
		User sender = user("later");
		User kim = user("laterkim");
		Instant at = Instant.now().plus(Duration.ofHours(2));
		String id = scheduled(sender, kim, at);

		JsonNode waiting = this.api.get(sender.auth(), "/api/v1/messages/" + id + "/deliveries")
			.expect(200)
			.body()
			.get("recipients")
			.get(0);
		assertThat(waiting.get("state").asString()).isEqualTo("scheduled");
		assertThat(Instant.parse(waiting.get("next_attempt_at").asString()))
			.isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));

		JsonNode cancelled = this.api.post(sender.auth(), "/api/v1/messages/" + id + "/cancel", null)
			.expect(200)
			.body();
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		JsonNode draft = this.api.get(sender.auth(), "/api/v1/messages/" + cancelled.get("draft_id").asLong())
			.expect(200)
			.body();
		assertThat(draft.get("folder").asString()).isEqualTo("drafts");
		assertThat(draft.get("subject").asString()).isEqualTo("Later");
		this.api.post(sender.auth(), "/api/v1/messages/" + id + "/cancel", null).problem(409);

		// Due at once: the outbox worker sends it within its interval, and then it is too
		// late.
		String now = scheduled(sender, kim, Instant.now().minusSeconds(1));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox(kim)).hasSize(1));
		this.api.post(sender.auth(), "/api/v1/messages/" + now + "/cancel", null).problem(409);
		JsonNode delivered = this.api.get(sender.auth(), "/api/v1/messages/" + now + "/deliveries")
			.expect(200)
			.body()
			.get("recipients")
			.get(0);
		assertThat(delivered.get("state").asString()).isEqualTo("delivered");
		assertThat(inbox(kim).get(0).get("subject").asString()).isEqualTo("Later");
	}

	@Test
	void sendsARawMessage() throws Exception {
		User sender = user("raw");
		User kim = user("rawkim");
		User park = user("rawpark");
		String raw = "From: =?UTF-8?B?" + Base64.getEncoder().encodeToString("보내는 사람".getBytes(StandardCharsets.UTF_8))
				+ "?= <" + sender.email() + ">\n" + "To: " + kim.email() + "\n" + "Bcc: " + park.email() + "\n"
				+ "Subject: Raw\n" + "\n" + "Body line\n";

		ApiTestClient.Response accepted = this.api
			.raw(sender.auth(), "POST", "/api/v1/messages/raw", raw.getBytes(StandardCharsets.UTF_8), "message/rfc822",
					Map.of())
			.expect(202);

		String id = accepted.body().get("id").asString();
		assertThat(inbox(kim)).hasSize(1);
		assertThat(inbox(park)).hasSize(1);
		long kimsCopy = inbox(kim).get(0).get("id").asLong();
		String stored = new String(this.api.bytes(kim.auth(), "/api/v1/messages/" + kimsCopy + "/raw"),
				StandardCharsets.UTF_8);
		assertThat(stored).doesNotContain("Bcc").contains("Message-ID: <" + id + ">").contains("\r\nBody line\r\n");
		JsonNode read = this.api.get(kim.auth(), "/api/v1/messages/" + kimsCopy).expect(200).body();
		assertThat(read.get("from").get(0).get("name").asString()).isEqualTo("보내는 사람");
		assertThat(this.api.get(sender.auth(), "/api/v1/messages/" + id + "/deliveries")
			.expect(200)
			.body()
			.get("recipients")).hasSize(2);

		String forged = "From: " + kim.email() + "\r\nTo: " + kim.email() + "\r\n\r\nHi\r\n";
		this.api
			.raw(sender.auth(), "POST", "/api/v1/messages/raw", forged.getBytes(StandardCharsets.UTF_8),
					"message/rfc822", Map.of())
			.problem(403);
		this.api
			.raw(sender.auth(), "POST", "/api/v1/messages/raw", "no header".getBytes(StandardCharsets.UTF_8),
					"message/rfc822", Map.of())
			.problem(400);
	}

	@Test
	void searchesWithTheWebmailsOperators() throws Exception {
		User sender = user("search");
		User kim = user("searchkim");
		this.api.post(sender.auth(), "/api/v1/messages", message(sender, kim, "분기 보고서 초안")).expect(202);
		Map<String, Object> lunch = message(sender, kim, "Lunch on Friday");
		lunch.put("text", "Shall we try the new 김밥 place?");
		this.api.post(sender.auth(), "/api/v1/messages", lunch).expect(202);

		// Found once the background indexer has seen it.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.api.get(kim.auth(), "/api/v1/messages?q=보고서")
				.expect(200)
				.body()
				.get("messages")
				.findValues("subject")).extracting(JsonNode::asString).containsExactly("분기 보고서 초안"));
		// Both messages may be indexed in different batches: wait for the second too.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(
					() -> assertThat(this.api.get(kim.auth(), "/api/v1/messages?q=from:" + sender.email() + "&limit=1")
						.expect(200)
						.body()
						.get("next_cursor")
						.isNull()).isFalse());
		assertThat(this.api.get(kim.auth(), "/api/v1/messages?q=김밥&folder=inbox")
			.expect(200)
			.body()
			.get("messages")
			.findValues("subject")).extracting(JsonNode::asString).containsExactly("Lunch on Friday");
		assertThat(this.api.get(kim.auth(), "/api/v1/messages?q=김밥&folder=archive").expect(200).body().get("messages"))
			.isEmpty();
		// Only the caller's mail is ever searched.
		assertThat(
				this.api.get(sender.auth(), "/api/v1/messages?q=보고서&folder=inbox").expect(200).body().get("messages"))
			.isEmpty();
	}

	@Test
	void describesItselfWithOpenApi() throws Exception {
		ApiTestClient.Response docs = this.api.get(null, "/v3/api-docs").expect(200);
		assertThat(docs.body().get("openapi").asString()).startsWith("3.");
		assertThat(docs.body().get("paths").has("/api/v1/messages")).isTrue();
		assertThat(docs.body().get("paths").has("/api/v1/messages/{id}/deliveries")).isTrue();
		assertThat(docs.body().get("components").get("securitySchemes").has("bearer")).isTrue();
		assertThat(docs.text()).contains("send_at").contains("reply_to").doesNotContain("/mail/compose");
		assertThat(this.api.get(null, "/swagger-ui/index.html").expect(200).text()).contains("swagger");
	}

}
