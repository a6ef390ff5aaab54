package dev.mailroom.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.mailroom.account.AccountException;
import dev.mailroom.delivery.SubmissionRefusedException;
import dev.mailroom.mailbox.MailboxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns exceptions into RFC 9457 problem details. The base class already does so for
 * Spring MVC's own errors (unreadable JSON, wrong method, missing parameters); those get
 * a {@code urn:mailroom:problem:} type and an {@code errors} list here too.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimit.TooLargeException tooLarge) {
				return problem(tooLarge.problem(), new HttpHeaders());
			}
		}
		String detail = "The request body is not valid JSON for this call";
		List<Problems.FieldError> errors = List.of();
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = path(unknown);
			detail = "Unknown field '" + unknown.getPropertyName() + "'";
			errors = List.of(new Problems.FieldError(field, "Unknown field"));
		}
		else if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch);
			detail = field + ": " + ((mismatch instanceof InvalidFormatException) ? "invalid value"
					: "wrong type (" + mismatch.getOriginalMessage() + ")");
			errors = List.of(new Problems.FieldError(field, detail.substring(field.length() + 2)));
		}
		else if (cause instanceof JacksonException json) {
			detail = json.getOriginalMessage();
		}
		return ResponseEntity.status(status)
			.headers(headers)
			.body(Problems.of(HttpStatus.BAD_REQUEST, "unreadable", "Unreadable request", detail, errors));
	}

	/** {@code attachments[0].filname}, as the field appears in the JSON. */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	/**
	 * Every problem of the base class gets a type of ours and the {@code errors} list.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				HttpStatus status = HttpStatus.resolve(problem.getStatus());
				String slug = (status != null) ? status.name().toLowerCase(Locale.ROOT).replace('_', '-')
						: "status-" + problem.getStatus();
				problem.setType(URI.create(Problems.PREFIX + slug));
			}
			if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
				problem.setProperty("errors", List.of());
			}
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<Object> apiProblem(ApiProblem ex) {
		return problem(ex.problem(), ex.headers());
	}

	@ExceptionHandler
	ResponseEntity<Object> tooLarge(RequestSizeLimit.TooLargeException ex) {
		return problem(ex.problem(), new HttpHeaders());
	}

	@ExceptionHandler
	ProblemDetail accountException(AccountException ex) {
		return switch (ex.reason()) {
			case INVALID -> Problems.of(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", ex.getMessage());
			case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
			case DUPLICATE -> Problems.of(HttpStatus.CONFLICT, "duplicate", "Already exists", ex.getMessage());
			case IN_USE -> Problems.of(HttpStatus.CONFLICT, "in-use", "Still in use", ex.getMessage());
		};
	}

	@ExceptionHandler
	ProblemDetail mailboxException(MailboxException ex) {
		return switch (ex.reason()) {
			case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
			default -> Problems.of(HttpStatus.CONFLICT, "conflict", "Not possible", ex.getMessage());
		};
	}

	/** Sending as an address that is not the caller's own or an alias of theirs. */
	@ExceptionHandler
	ProblemDetail submissionRefused(SubmissionRefusedException ex) {
		return Problems.of(HttpStatus.FORBIDDEN, "forbidden-sender", "Not your address", ex.getMessage(),
				List.of(new Problems.FieldError("from.email", ex.getMessage())));
	}

	/**
	 * What the message composer refuses after the API's own checks passed (an invalid
	 * content type, a message id it cannot write).
	 */
	@ExceptionHandler
	ProblemDetail illegalArgument(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

}
