package dev.mailroom.api;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messages sent with the API ({@code api_sends}): by Message-ID, the whole envelope
 * (Bcc included, which the message does not carry), tags and metadata for webhooks and
 * reads, and where it is: the stored content once sent, the outbox row while scheduled.
 */
@Component
class ApiSends {

	private static final TypeReference<List<SendRequest.Tag>> TAGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	ApiSends(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.json = json;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * @param contentId the stored message once sent, null while scheduled
	 * @param outboxId the outbox row while scheduled, null once sent
	 */
	record Send(long userId, String messageId, List<String> recipients, List<SendRequest.Tag> tags,
			Map<String, String> metadata, Long contentId, Long outboxId, Instant sendAt, Instant createdAt) {
	}

	void record(Send send) {
		this.jdbc
			.sql("""
					insert into api_sends (user_id, message_id, recipients, tags, metadata, content_id, outbox_id, send_at,
					  created_at)
					values (:user, :messageId, :recipients, cast(:tags as jsonb), cast(:metadata as jsonb), :content, :outbox,
					  :sendAt, :createdAt)
					on conflict (user_id, message_id) do nothing
					""")
			.param("user", send.userId())
			.param("messageId", send.messageId())
			.param("recipients", send.recipients().toArray(String[]::new))
			.param("tags", this.json.writeValueAsString(send.tags()))
			.param("metadata", this.json.writeValueAsString(send.metadata()))
			.param("content", send.contentId())
			.param("outbox", send.outboxId())
			.param("sendAt", utc(send.sendAt()))
			.param("createdAt", utc(send.createdAt()))
			.update();
	}

	Optional<Send> find(long userId, String messageId) {
		return this.jdbc.sql("select * from api_sends where user_id = :user and message_id = :messageId")
			.param("user", userId)
			.param("messageId", messageId)
			.query(this::row)
			.optional();
	}

	/** A scheduled send was cancelled: it will not go, and its outbox row is gone. */
	void forgetOutbox(long userId, String messageId) {
		this.jdbc.sql("update api_sends set outbox_id = null, send_at = null where user_id = :user and message_id = :m")
			.param("user", userId)
			.param("m", messageId)
			.update();
	}

	private Send row(ResultSet rs, int row) throws SQLException {
		Timestamp sendAt = rs.getTimestamp("send_at");
		return new Send(rs.getLong("user_id"), rs.getString("message_id"), strings(rs.getArray("recipients")),
				this.json.readValue(rs.getString("tags"), TAGS),
				this.json.readValue(rs.getString("metadata"), METADATA), rs.getObject("content_id", Long.class),
				rs.getObject("outbox_id", Long.class), (sendAt != null) ? sendAt.toInstant() : null,
				rs.getTimestamp("created_at").toInstant());
	}

	private static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	private static OffsetDateTime utc(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
