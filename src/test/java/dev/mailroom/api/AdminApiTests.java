package dev.mailroom.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.mailroom.account.Authenticator;
import dev.mailroom.mailbox.FolderRole;
import dev.mailroom.mailbox.MailboxService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP, on the embedded PostgreSQL. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AdminApiTests {

	private static final String ADMIN = "admin@localhost:admin-password";

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	Authenticator authenticator;

	@Autowired
	MailboxService mailboxes;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void createsUserWithKoreanNameAndStandardFolders() throws Exception {
		Response created = post(ADMIN, "/api/v1/admin/users",
				Map.of("email", "Kim.Cheolsu@Example.TEST", "password", "비밀번호-1234", "displayName", "김철수"));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/admin/users/kim.cheolsu@example.test");
		assertThat(created.body().get("email").asString()).isEqualTo("kim.cheolsu@example.test");
		assertThat(created.body().get("displayName").asString()).isEqualTo("김철수");
		assertThat(created.body().has("passwordHash")).isFalse();

		long id = created.body().get("id").asLong();
		assertThat(this.mailboxes.listFolders(id)).extracting((folder) -> folder.role())
			.containsExactly(FolderRole.INBOX, FolderRole.DRAFTS, FolderRole.SENT, FolderRole.ARCHIVE, FolderRole.JUNK,
					FolderRole.TRASH);
		assertThat(this.authenticator.authenticate("kim.cheolsu@example.test", "비밀번호-1234", null)).isPresent();
		assertThat(get(ADMIN, "/api/v1/admin/users").body().findValues("email")).extracting(JsonNode::asString)
			.contains("admin@localhost", "kim.cheolsu@example.test");
	}

	@Test
	void answersUnauthorizedWithoutCredentials() throws Exception {
		Response response = get(null, "/api/v1/admin/users");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Basic realm=\"Mailroom\""));
		assertProblem(response, 401);
	}

	@Test
	void answersUnauthorizedForWrongPassword() throws Exception {
		assertProblem(get("admin@localhost:wrong-password", "/api/v1/admin/users"), 401);
		assertProblem(get("nobody@localhost:admin-password", "/api/v1/admin/users"), 401);
	}

	@Test
	void forbidsUsersWhoAreNotAdmins() throws Exception {
		post(ADMIN, "/api/v1/admin/users", Map.of("email", "plain@localhost", "password", "plain-password"));

		Response response = post("plain@localhost:plain-password", "/api/v1/admin/users",
				Map.of("email", "mallory@localhost", "password", "mallory-password"));

		assertProblem(response, 403);
		assertThat(this.authenticator.authenticate("mallory@localhost", "mallory-password", null)).isEmpty();
	}

	@Test
	void rejectsInvalidAddresses() throws Exception {
		for (String address : List.of("no-at-sign", "two@@localhost", "a b@localhost", "x@-bad-.test", "@localhost",
				"user@")) {
			Response response = post(ADMIN, "/api/v1/admin/users", Map.of("email", address, "password", "long-enough"));
			assertProblem(response, 400);
			assertThat(response.body().get("detail").asString()).isNotBlank();
		}
	}

	@Test
	void rejectsUsersOfDomainsThatAreNotLocal() throws Exception {
		Response response = post(ADMIN, "/api/v1/admin/users",
				Map.of("email", "someone@elsewhere.test", "password", "long-enough"));

		assertProblem(response, 400);
		assertThat(response.body().get("detail").asString()).contains("elsewhere.test is not a local domain");
	}

	@Test
	void rejectsShortPasswordsAndUnknownFields() throws Exception {
		assertProblem(post(ADMIN, "/api/v1/admin/users", Map.of("email", "short@localhost", "password", "short")), 400);
		Response unknown = post(ADMIN, "/api/v1/admin/users",
				Map.of("email", "typo@localhost", "password", "long-enough", "displayNmae", "Typo"));
		assertProblem(unknown, 400);
		assertThat(unknown.body().get("detail").asString()).contains("displayNmae");
	}

	@Test
	void refusesDuplicateUsersAndAliases() throws Exception {
		assertThat(post(ADMIN, "/api/v1/admin/users", Map.of("email", "dup@localhost", "password", "first-password"))
			.status()).isEqualTo(201);

		assertProblem(
				post(ADMIN, "/api/v1/admin/users", Map.of("email", "DUP@localhost", "password", "other-password")),
				409);
		assertProblem(post(ADMIN, "/api/v1/admin/aliases", Map.of("email", "dup@localhost", "user", "admin@localhost")),
				409);
		assertThat(this.authenticator.authenticate("dup@localhost", "first-password", null)).isPresent();
	}

	@Test
	void setsPassword() throws Exception {
		post(ADMIN, "/api/v1/admin/users", Map.of("email", "pw@localhost", "password", "old-password"));

		Response response = put(ADMIN, "/api/v1/admin/users/pw@localhost/password", Map.of("password", "new-password"));

		assertThat(response.status()).isEqualTo(204);
		assertThat(this.authenticator.authenticate("pw@localhost", "old-password", null)).isEmpty();
		assertThat(this.authenticator.authenticate("pw@localhost", "new-password", null)).isPresent();
		assertProblem(put(ADMIN, "/api/v1/admin/users/ghost@localhost/password", Map.of("password", "new-password")),
				404);
	}

	@Test
	void deletesUser() throws Exception {
		long id = post(ADMIN, "/api/v1/admin/users", Map.of("email", "gone@localhost", "password", "gone-password"))
			.body()
			.get("id")
			.asLong();

		assertThat(delete(ADMIN, "/api/v1/admin/users/gone@localhost").status()).isEqualTo(204);

		assertProblem(get(ADMIN, "/api/v1/admin/users/gone@localhost"), 404);
		assertProblem(delete(ADMIN, "/api/v1/admin/users/gone@localhost"), 404);
		assertThat(this.mailboxes.listFolders(id)).isEmpty();
		assertThat(this.authenticator.authenticate("gone@localhost", "gone-password", null)).isEmpty();
	}

	@Test
	void managesDomains() throws Exception {
		Response created = post(ADMIN, "/api/v1/admin/domains", Map.of("name", "메일.한국"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().get("name").asString()).isEqualTo("xn--h32bq4v.xn--3e0b707e");
		assertProblem(post(ADMIN, "/api/v1/admin/domains", Map.of("name", "XN--H32BQ4V.xn--3e0b707e")), 409);
		assertProblem(post(ADMIN, "/api/v1/admin/domains", Map.of("name", "bad_domain!")), 400);

		post(ADMIN, "/api/v1/admin/users", Map.of("email", "user@메일.한국", "password", "long-enough"));
		assertProblem(delete(ADMIN, "/api/v1/admin/domains/xn--h32bq4v.xn--3e0b707e"), 409);
		delete(ADMIN, "/api/v1/admin/users/user@xn--h32bq4v.xn--3e0b707e");

		assertThat(delete(ADMIN, "/api/v1/admin/domains/xn--h32bq4v.xn--3e0b707e").status()).isEqualTo(204);
		assertThat(get(ADMIN, "/api/v1/admin/domains").body().findValues("name")).extracting(JsonNode::asString)
			.contains("localhost", "example.test")
			.doesNotContain("xn--h32bq4v.xn--3e0b707e");
	}

	@Test
	void showsTheDkimRecordToPublish() throws Exception {
		Response record = get(ADMIN, "/api/v1/admin/domains/example.test/dkim");

		assertThat(record.status()).isEqualTo(200);
		assertThat(record.body().get("name").asString()).isEqualTo("mailroom._domainkey.example.test");
		assertThat(record.body().get("value").asString()).startsWith("v=DKIM1; k=rsa; p=MII");
		// The same key on every call: it is made once and kept.
		assertThat(get(ADMIN, "/api/v1/admin/domains/example.test/dkim").body().get("value").asString())
			.isEqualTo(record.body().get("value").asString());
		assertProblem(get(ADMIN, "/api/v1/admin/domains/elsewhere.test/dkim"), 404);
		assertProblem(get("plain-dkim@localhost:whatever", "/api/v1/admin/domains/example.test/dkim"), 401);
	}

	@Test
	void aliasesDeliverToTheirUserAndLogIn() throws Exception {
		post(ADMIN, "/api/v1/admin/users", Map.of("email", "lee@localhost", "password", "lee-password"));

		Response created = post(ADMIN, "/api/v1/admin/aliases",
				Map.of("email", "Sales@Example.test", "user", "lee@localhost"));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.body().get("email").asString()).isEqualTo("sales@example.test");
		assertThat(created.body().get("userEmail").asString()).isEqualTo("lee@localhost");
		assertThat(get(ADMIN, "/api/v1/admin/aliases").body().findValues("email")).extracting(JsonNode::asString)
			.contains("sales@example.test");
		assertThat(this.authenticator.authenticate("sales@example.test", "lee-password", null))
			.hasValueSatisfying((user) -> assertThat(user.email()).isEqualTo("lee@localhost"));
		assertProblem(
				post(ADMIN, "/api/v1/admin/aliases", Map.of("email", "x@elsewhere.test", "user", "lee@localhost")),
				400);
		assertProblem(post(ADMIN, "/api/v1/admin/aliases", Map.of("email", "y@localhost", "user", "ghost@localhost")),
				404);

		assertThat(delete(ADMIN, "/api/v1/admin/aliases/sales@example.test").status()).isEqualTo(204);
		assertThat(this.authenticator.authenticate("sales@example.test", "lee-password", null)).isEmpty();
		assertProblem(delete(ADMIN, "/api/v1/admin/aliases/sales@example.test"), 404);
	}

	private void assertProblem(Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body().get("status").asInt()).isEqualTo(status);
		assertThat(response.body().get("title").asString()).isNotBlank();
		assertThat(response.body().get("type").asString()).startsWith("urn:mailroom:problem:");
	}

	record Response(int status, java.net.http.HttpHeaders headers, JsonNode body) {
	}

	private Response get(String credentials, String path) throws IOException, InterruptedException {
		return send(credentials, path, "GET", null);
	}

	private Response delete(String credentials, String path) throws IOException, InterruptedException {
		return send(credentials, path, "DELETE", null);
	}

	private Response post(String credentials, String path, Object body) throws IOException, InterruptedException {
		return send(credentials, path, "POST", body);
	}

	private Response put(String credentials, String path, Object body) throws IOException, InterruptedException {
		return send(credentials, path, "PUT", body);
	}

	private Response send(String credentials, String path, String method, Object body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body),
							StandardCharsets.UTF_8) : HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json, application/problem+json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = this.http.send(request.build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		JsonNode parsed = response.body().isEmpty() ? this.json.createObjectNode()
				: this.json.readTree(response.body());
		return new Response(response.statusCode(), response.headers(), parsed);
	}

}
