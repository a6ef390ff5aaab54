package dev.mailroom.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP calls to the API on the test server's random port, as a program makes them:
 * with a bearer token or HTTP Basic.
 */
final class ApiTestClient {

	private final int port;

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newHttpClient();

	ApiTestClient(int port, JsonMapper json) {
		this.port = port;
		this.json = json;
	}

	/** How a request authenticates: "Bearer mr_..." or "Basic ...", null for none. */
	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

	record Response(int status, HttpHeaders headers, String text, JsonNode body) {

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		Response expect(int expected) {
			assertThat(this.status).as("status of a response with body %s", this.text).isEqualTo(expected);
			return this;
		}

		/** Asserts an RFC 9457 problem with this status and returns it. */
		Response problem(int expected) {
			expect(expected);
			assertThat(header("Content-Type")).startsWith("application/problem+json");
			assertThat(this.body.get("status").asInt()).isEqualTo(expected);
			assertThat(this.body.get("title").asString()).isNotBlank();
			assertThat(this.body.get("detail").asString()).isNotBlank();
			assertThat(this.body.get("type").asString()).startsWith("urn:mailroom:problem:");
			assertThat(this.body.get("errors").isArray()).isTrue();
			return this;
		}

		List<String> errorFields() {
			List<String> fields = new ArrayList<>();
			this.body.get("errors").forEach((error) -> fields.add(error.get("field").asString()));
			return fields;
		}

	}

	Response get(String auth, String path) throws IOException, InterruptedException {
		return send(auth, "GET", path, null, Map.of());
	}

	Response delete(String auth, String path) throws IOException, InterruptedException {
		return send(auth, "DELETE", path, null, Map.of());
	}

	Response post(String auth, String path, Object body) throws IOException, InterruptedException {
		return send(auth, "POST", path, body, Map.of());
	}

	Response patch(String auth, String path, Object body) throws IOException, InterruptedException {
		return send(auth, "PATCH", path, body, Map.of());
	}

	/**
	 * @param body an object written as JSON, a String sent as it is, or null
	 */
	Response send(String auth, String method, String path, Object body, Map<String, String> headers)
			throws IOException, InterruptedException {
		String text = (body == null) ? null
				: (body instanceof String string) ? string : this.json.writeValueAsString(body);
		return raw(auth, method, path, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null,
				"application/json", headers);
	}

	Response raw(String auth, String method, String path, byte[] body, String contentType, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json, application/problem+json, */*");
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		if (auth != null) {
			request.header("Authorization", auth);
		}
		headers.forEach(request::header);
		HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		String responseText = new String(response.body(), StandardCharsets.UTF_8);
		String type = response.headers().firstValue("Content-Type").orElse("");
		JsonNode parsed = (type.contains("json") && !responseText.isEmpty()) ? this.json.readTree(responseText)
				: this.json.createObjectNode();
		return new Response(response.statusCode(), response.headers(), responseText, parsed);
	}

	byte[] bytes(String auth, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", auth)
			.build();
		HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
