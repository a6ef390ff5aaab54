package dev.mailroom.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * An error answer the API gives as it is: thrown from anywhere in a request, written by
 * {@link ApiExceptionHandler}.
 */
class ApiProblem extends RuntimeException {

	private final transient ProblemDetail problem;

	private final transient HttpHeaders headers;

	ApiProblem(ProblemDetail problem) {
		this(problem, new HttpHeaders());
	}

	ApiProblem(ProblemDetail problem, HttpHeaders headers) {
		super(problem.getDetail(), null, false, false);
		this.problem = problem;
		this.headers = headers;
	}

	ProblemDetail problem() {
		return this.problem;
	}

	HttpHeaders headers() {
		return this.headers;
	}

	static ApiProblem notFound(String what) {
		return new ApiProblem(Problems.of(org.springframework.http.HttpStatus.NOT_FOUND, "not-found", "Not found",
				"No " + what + " of yours has this id"));
	}

}
