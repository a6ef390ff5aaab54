package dev.mailroom.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses sends whose body is larger than {@code mailroom.api.max-message-size} with 413:
 * at once when the Content-Length says so, else (chunked bodies) as soon as that much has
 * been read, so a huge body is never held.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

	private final ApiProperties properties;

	private final JsonMapper json;

	RequestSizeLimit(ApiProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !"POST".equals(request.getMethod())
				|| !(path.equals("/api/v1/messages") || path.equals("/api/v1/messages/raw"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = this.properties.maxMessageSize().toBytes();
		if (request.getContentLengthLong() > limit) {
			ProblemDetail problem = problem(limit);
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			// The rest of the body is not read: the connection cannot be reused.
			response.setHeader("Connection", "close");
			this.json.writeValue(response.getOutputStream(), problem);
			return;
		}
		chain.doFilter(new Limited(request, limit), response);
	}

	static ProblemDetail problem(long limit) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Message too large",
				"The request body is larger than " + limit + " bytes (mailroom.api.max-message-size)");
	}

	/** Reading past the limit. */
	static final class TooLargeException extends IOException {

		private final long limit;

		TooLargeException(long limit) {
			super("Request body over " + limit + " bytes");
			this.limit = limit;
		}

		ProblemDetail problem() {
			return RequestSizeLimit.problem(this.limit);
		}

	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counting(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		Counting(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLargeException {
			this.count += n;
			if (this.count > this.limit) {
				throw new TooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
