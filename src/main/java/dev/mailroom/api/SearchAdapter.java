package dev.mailroom.api;

import dev.mailroom.mailbox.MessagePage;
import dev.mailroom.mailbox.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code q} of {@code GET /api/v1/messages}: the webmail's search. Not available in this
 * build: answered 501.
 */
@Component
class SearchAdapter {

	MessagePage search(ApiUser user, String query, Long folderId, PageRequest page) {
		throw new ApiProblem(Problems.of(HttpStatus.NOT_IMPLEMENTED, "search-unavailable", "Search not available",
				"Searching with q is not available in this build"));
	}

}
