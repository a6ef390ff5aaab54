package dev.mailroom.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.mailroom.mime.Mailbox;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads pages of message lists with keyset pagination for any filter: a folder, a
 * conversation, a search. The caller gives a SQL condition over {@code m} (messages) and
 * {@code c} (message_contents); the user scope, the UID check and the paging are added
 * here, so no list can forget them.
 */
@Component
class MessageLists {

	static final String COLUMNS = """
			m.id, m.folder_id, m.uid, m.thread_id, m.internal_date, m.size, c.from_list::text as from_list,
			c.to_list::text as to_list, c.subject, c.preview, c.has_attachments, m.seen, m.flagged, m.answered, m.draft
			""";

	private static final TypeReference<List<Map<String, String>>> ADDRESSES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	MessageLists(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * One page of the user's messages matching {@code condition}.
	 * @param userId whose messages; always applied
	 * @param condition a SQL boolean expression over {@code m} and {@code c} with named
	 * parameters, e.g. {@code m.folder_id = :folder}
	 * @param params the condition's parameters (names other than {@code user},
	 * {@code cursorDate}, {@code cursorId}, {@code limit})
	 * @param request which page
	 */
	MessagePage page(long userId, String condition, Map<String, ?> params, PageRequest request) {
		boolean ascending = request.direction() == PageRequest.Direction.LAST
				|| request.direction() == PageRequest.Direction.NEWER;
		String keyset = switch (request.direction()) {
			case OLDER -> "and (m.internal_date, m.id) < (:cursorDate, :cursorId)";
			case NEWER -> "and (m.internal_date, m.id) > (:cursorDate, :cursorId)";
			default -> "";
		};
		String order = ascending ? "m.internal_date, m.id" : "m.internal_date desc, m.id desc";
		JdbcClient.StatementSpec statement = this.jdbc
			.sql("select " + COLUMNS + " from messages m join message_contents c on c.id = m.content_id"
					+ " where m.user_id = :user and m.uid is not null and (" + condition + ") " + keyset + " order by "
					+ order + " limit :limit")
			.param("user", userId)
			.param("limit", request.limit() + 1);
		for (Map.Entry<String, ?> param : params.entrySet()) {
			statement = statement.param(param.getKey(), param.getValue());
		}
		if (request.cursor() != null && !keyset.isEmpty()) {
			statement = statement.param("cursorDate", Timestamp.from(request.cursor().internalDate()))
				.param("cursorId", request.cursor().id());
		}
		List<MessageListItem> rows = new ArrayList<>(statement.query(this::item).list());
		boolean more = rows.size() > request.limit();
		if (more) {
			rows.remove(rows.size() - 1);
		}
		if (ascending) {
			Collections.reverse(rows);
		}
		if (rows.isEmpty()) {
			return new MessagePage(rows, null, null);
		}
		PageCursor newest = cursorOf(rows.get(0));
		PageCursor oldest = cursorOf(rows.get(rows.size() - 1));
		return switch (request.direction()) {
			case FIRST -> new MessagePage(rows, null, more ? oldest : null);
			case OLDER -> new MessagePage(rows, newest, more ? oldest : null);
			case NEWER -> new MessagePage(rows, more ? newest : null, oldest);
			case LAST -> new MessagePage(rows, more ? newest : null, null);
		};
	}

	/** Maps a row selected with {@link #COLUMNS}. */
	MessageListItem item(ResultSet rs, int row) throws SQLException {
		return new MessageListItem(rs.getLong("id"), rs.getLong("folder_id"), rs.getLong("uid"),
				rs.getLong("thread_id"), rs.getTimestamp("internal_date").toInstant(), rs.getLong("size"),
				addresses(rs.getString("from_list")), addresses(rs.getString("to_list")), rs.getString("subject"),
				rs.getString("preview"), rs.getBoolean("has_attachments"), rs.getBoolean("seen"),
				rs.getBoolean("flagged"), rs.getBoolean("answered"), rs.getBoolean("draft"));
	}

	List<Mailbox> addresses(String json) {
		if (json == null || json.equals("[]")) {
			return List.of();
		}
		return this.json.readValue(json, ADDRESSES)
			.stream()
			.map((entry) -> new Mailbox(entry.get("name"), entry.get("address")))
			.toList();
	}

	private static PageCursor cursorOf(MessageListItem item) {
		return new PageCursor(item.internalDate(), item.id());
	}

}
