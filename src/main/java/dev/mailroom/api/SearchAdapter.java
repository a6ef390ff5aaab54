package dev.mailroom.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.mailroom.account.UserSettingsService;
import dev.mailroom.mailbox.Folder;
import dev.mailroom.mailbox.MailboxService;
import dev.mailroom.mailbox.MessagePage;
import dev.mailroom.mailbox.MessageSearch;
import dev.mailroom.mailbox.PageRequest;

import org.springframework.stereotype.Component;

/**
 * {@code q} of {@code GET /api/v1/messages}: the webmail's search
 * ({@link MessageSearch}), with its operators, in the caller's time zone. A
 * {@code folder} given with {@code q} becomes an {@code in:} term of the query. Mail is
 * found once the search indexer has seen it, a second or two after it arrived.
 */
@Component
class SearchAdapter {

	private final MessageSearch search;

	private final UserSettingsService settings;

	private final MailboxService mailboxes;

	SearchAdapter(MessageSearch search, UserSettingsService settings, MailboxService mailboxes) {
		this.search = search;
		this.settings = settings;
		this.mailboxes = mailboxes;
	}

	/**
	 * @param folderId a folder of the caller's to search in, null for the query's own
	 * choice (all but Trash and Junk without {@code in:})
	 */
	MessagePage search(ApiUser user, String query, Long folderId, PageRequest page) {
		String q = query;
		if (folderId != null) {
			q = query + " in:\"" + path(user, folderId) + "\"";
		}
		return this.search.search(user.id(), q, this.settings.get(user.id()).zoneOrUtc(), page);
	}

	/** The folder's path ({@code parent/child}), as {@code in:} takes it. */
	private String path(ApiUser user, long folderId) {
		List<Folder> folders = this.mailboxes.listFolders(user.id());
		Map<Long, Folder> byId = folders.stream().collect(Collectors.toMap(Folder::id, Function.identity()));
		StringBuilder path = new StringBuilder();
		for (Folder folder = byId.get(folderId); folder != null; folder = (folder.parentId() != null)
				? byId.get(folder.parentId()) : null) {
			if (folder.name().indexOf('"') >= 0) {
				throw new ApiProblem(Problems.invalid("folder", "a folder whose name has a double quote cannot be "
						+ "searched with folder=; use in: in q instead"));
			}
			path.insert(0, (path.isEmpty() ? "" : "/")).insert(0, folder.name());
		}
		if (path.isEmpty()) {
			throw ApiProblem.notFound("folder");
		}
		return path.toString();
	}

}
