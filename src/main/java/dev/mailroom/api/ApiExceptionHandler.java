package dev.mailroom.api;

import dev.mailroom.account.AccountException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns exceptions into RFC 9457 problem details. The base class already does so for
 * Spring MVC's own errors (unreadable JSON, wrong method, missing parameters).
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = "The request body is not valid JSON for this call";
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			detail = "Unknown field '" + unknown.getPropertyName() + "'";
		}
		else if (cause instanceof JacksonException json) {
			detail = json.getOriginalMessage();
		}
		return ResponseEntity.status(status)
			.headers(headers)
			.body(Problems.of(HttpStatus.BAD_REQUEST, "unreadable", "Unreadable request", detail));
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

}
