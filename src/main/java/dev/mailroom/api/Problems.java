package dev.mailroom.api;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The API's problem types (RFC 9457): a stable URN per kind of error that programs can
 * match, and always an {@code errors} list of {@link FieldError}s (empty when no field of
 * the request is to blame).
 */
final class Problems {

	static final String PREFIX = "urn:mailroom:problem:";

	private Problems() {
	}

	static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
		return of(status, slug, title, detail, List.of());
	}

	static ProblemDetail of(HttpStatus status, String slug, String title, String detail, List<FieldError> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(PREFIX + slug));
		problem.setTitle(title);
		problem.setProperty("errors", List.copyOf(errors));
		return problem;
	}

	/** A problem with one field of the request. */
	static ProblemDetail invalid(String field, String message) {
		return of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", field + ": " + message,
				List.of(new FieldError(field, message)));
	}

	/**
	 * What is wrong with one field of a request.
	 *
	 * @param field where in the request, as a path: {@code to[1].email},
	 * {@code attachments[0].content}, {@code headers.X-Campaign}, or a header name such
	 * as {@code Idempotency-Key}
	 * @param message what is wrong with it
	 */
	record FieldError(String field, String message) {
	}

}
