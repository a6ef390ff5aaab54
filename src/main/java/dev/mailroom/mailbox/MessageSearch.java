package dev.mailroom.mailbox;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Searches a user's mail with the search box syntax of {@link SearchQuery}, newest first,
 * one keyset page at a time (the same pages as folder lists).
 *
 * <p>
 * Text terms become one tsquery over the lexemes of {@code message_search} plus the pair
 * keys phrases need (see {@link SearchText}), both answered by one GIN index without
 * looking at any text. Everything the user typed reaches PostgreSQL as a bind parameter,
 * never as SQL. Mail is found once the background {@link SearchIndexer} has seen it, a
 * second or two after delivery.
 */
@Service
public class MessageSearch {

	private static final int MAX_TERM_CHARS = 1_000;

	/** Every term adds to the statement; nobody types more. */
	static final int MAX_TERMS = 64;

	private final JdbcClient jdbc;

	private final MessageLists lists;

	MessageSearch(JdbcClient jdbc, MessageLists lists) {
		this.jdbc = jdbc;
		this.lists = lists;
	}

	/**
	 * One page of the user's messages matching the query, newest first.
	 * @param userId whose mail; no other user's mail is ever returned
	 * @param query what the user typed (see {@link SearchQuery}); blank lists everything
	 * outside Trash and Junk
	 * @param zone the user's time zone, for {@code before:} and {@code after:}
	 * @param page which page
	 * @throws IllegalArgumentException when the query has more than {@value #MAX_TERMS}
	 * terms
	 */
	@Transactional(readOnly = true)
	public MessagePage search(long userId, String query, ZoneId zone, PageRequest page) {
		SearchQuery parsed = SearchQuery.parse(query, zone);
		if (parsed.terms().size() > MAX_TERMS) {
			throw new IllegalArgumentException("A search may have at most " + MAX_TERMS + " terms");
		}
		Condition condition = condition(userId, parsed);
		// One statement text serves very different terms ("the" and a rare name): plan
		// each with its own values instead of a cached generic plan.
		this.jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
		return this.lists.page(userId, condition.sql(), condition.params(), page);
	}

	/** A condition for {@link MessageLists#page} and its parameters. */
	record Condition(String sql, Map<String, Object> params) {
	}

	Condition condition(long userId, SearchQuery query) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("owner", userId);
		List<String> conditions = new ArrayList<>();
		List<String> tsqueries = new ArrayList<>();
		List<Integer> pairs = new ArrayList<>();
		Map<String, Long[]> folders = null;
		int n = 0;
		for (SearchQuery.Term term : query.terms()) {
			n++;
			if (term instanceof SearchQuery.Text text) {
				SearchText.Match match = match(text);
				if (match == null) {
					continue;
				}
				if (!text.negated()) {
					tsqueries.add(match.tsquery());
					pairs.addAll(match.pairs());
				}
				else {
					params.put("q" + n, match.tsquery());
					String sql = "not exists (select 1 from message_search s where s.content_id = m.content_id"
							+ " and s.user_id = :owner and s.lexemes @@ cast(:q" + n + " as tsquery)";
					if (!match.pairs().isEmpty()) {
						params.put("k" + n, match.pairs().toArray(Integer[]::new));
						sql += " and s.pairs @> :k" + n;
					}
					conditions.add(sql + ")");
				}
			}
			else if (term instanceof SearchQuery.Flag flag) {
				String sql = switch (flag.kind()) {
					case HAS_ATTACHMENT -> "c.has_attachments";
					case UNREAD -> "not m.seen";
					case STARRED -> "m.flagged";
				};
				conditions.add(flag.negated() ? "not " + sql : sql);
			}
			else if (term instanceof SearchQuery.InFolder in) {
				if (in.folder().equals(SearchQuery.InFolder.ANYWHERE)) {
					if (in.negated()) {
						conditions.add("false");
					}
					continue;
				}
				if (folders == null) {
					folders = folders(userId);
				}
				params.put("f" + n, folders.getOrDefault(folderKey(in.folder()), new Long[0]));
				conditions.add((in.negated() ? "m.folder_id <> all(:f" : "m.folder_id = any(:f") + n + ")");
			}
			else if (term instanceof SearchQuery.Before before) {
				params.put("d" + n, Timestamp.from(before.instant()));
				conditions.add("m.internal_date " + (before.negated() ? ">=" : "<") + " :d" + n);
			}
			else if (term instanceof SearchQuery.After after) {
				params.put("d" + n, Timestamp.from(after.instant()));
				conditions.add("m.internal_date " + (after.negated() ? "<" : ">=") + " :d" + n);
			}
		}
		if (!tsqueries.isEmpty()) {
			params.put("q", String.join(" & ", tsqueries));
			String sql = "m.content_id in (select s.content_id from message_search s"
					+ " where s.user_id = :owner and s.lexemes @@ cast(:q as tsquery)";
			if (!pairs.isEmpty()) {
				params.put("k", pairs.stream().distinct().toArray(Integer[]::new));
				sql += " and s.pairs @> :k";
			}
			conditions.add(0, sql + ")");
		}
		if (!query.choosesFolders()) {
			if (folders == null) {
				folders = folders(userId);
			}
			List<Long> excluded = new ArrayList<>();
			for (FolderRole role : List.of(FolderRole.TRASH, FolderRole.JUNK)) {
				for (Long id : folders.getOrDefault(role.dbValue(), new Long[0])) {
					excluded.add(id);
				}
			}
			if (!excluded.isEmpty()) {
				params.put("excluded", excluded.toArray(Long[]::new));
				conditions.add("m.folder_id <> all(:excluded)");
			}
		}
		return new Condition(conditions.isEmpty() ? "true" : String.join(" and ", conditions), params);
	}

	/** What a text term must match, or null when it has no letters or digits. */
	private static SearchText.Match match(SearchQuery.Text text) {
		String prefix = switch (text.field()) {
			case ANY -> "";
			case FROM -> SearchText.FROM;
			case TO -> SearchText.TO;
			case SUBJECT -> SearchText.SUBJECT;
		};
		return SearchText.match(SearchText.normalize(text.value(), MAX_TERM_CHARS), prefix);
	}

	/**
	 * The user's folders by lower-cased path ({@code parent/child}) and by role name
	 * ({@code spam} too for Junk); a key may name more than one folder.
	 */
	private Map<String, Long[]> folders(long userId) {
		record Row(long id, Long parentId, String name, String role) {
		}
		List<Row> rows = this.jdbc.sql("select id, parent_id, name, role from folders where user_id = :user")
			.param("user", userId)
			.query((rs, i) -> new Row(rs.getLong("id"), rs.getObject("parent_id", Long.class), rs.getString("name"),
					rs.getString("role")))
			.list();
		Map<Long, Row> byId = new HashMap<>();
		rows.forEach((row) -> byId.put(row.id(), row));
		Map<String, List<Long>> keys = new HashMap<>();
		for (Row row : rows) {
			StringBuilder path = new StringBuilder(row.name());
			Row parent = (row.parentId() != null) ? byId.get(row.parentId()) : null;
			for (int depth = 0; parent != null && depth < 100; depth++) {
				path.insert(0, parent.name() + "/");
				parent = (parent.parentId() != null) ? byId.get(parent.parentId()) : null;
			}
			keys.computeIfAbsent(folderKey(path.toString()), (key) -> new ArrayList<>()).add(row.id());
			if (row.role() != null) {
				keys.computeIfAbsent(row.role(), (key) -> new ArrayList<>()).add(row.id());
				if (row.role().equals(FolderRole.JUNK.dbValue())) {
					keys.computeIfAbsent("spam", (key) -> new ArrayList<>()).add(row.id());
				}
			}
		}
		Map<String, Long[]> result = new HashMap<>();
		keys.forEach((key, ids) -> result.put(key, ids.stream().distinct().toArray(Long[]::new)));
		return result;
	}

	private static String folderKey(String path) {
		String key = Normalizer.normalize(path.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		while (key.startsWith("/")) {
			key = key.substring(1);
		}
		while (key.endsWith("/")) {
			key = key.substring(0, key.length() - 1);
		}
		return key;
	}

}
