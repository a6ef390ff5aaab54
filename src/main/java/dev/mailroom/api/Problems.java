package dev.mailroom.api;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The API's problem types (RFC 9457): a stable URN per kind of error that programs can
 * match.
 */
final class Problems {

	private Problems() {
	}

	static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:mailroom:problem:" + slug));
		problem.setTitle(title);
		return problem;
	}

}
