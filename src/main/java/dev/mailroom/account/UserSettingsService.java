package dev.mailroom.account;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and saves users' preferences and the senders whose images they trust. */
@Service
public class UserSettingsService {

	private final JdbcClient jdbc;

	UserSettingsService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The user's settings, the defaults for anything never saved. */
	@Transactional(readOnly = true)
	public UserSettings get(long userId) {
		return this.jdbc.sql("""
				select signature, time_zone, language, page_size, undo_send_seconds from user_settings
				where user_id = :user
				""")
			.param("user", userId)
			.query((rs, row) -> new UserSettings(rs.getString("signature"), zone(rs.getString("time_zone")),
					rs.getString("language"), rs.getInt("page_size"), rs.getInt("undo_send_seconds")))
			.optional()
			.orElse(UserSettings.DEFAULTS);
	}

	@Transactional
	public void save(long userId, UserSettings settings) {
		this.jdbc.sql("""
				insert into user_settings (user_id, signature, time_zone, language, page_size, undo_send_seconds)
				values (:user, :signature, :zone, :language, :pageSize, :undo)
				on conflict (user_id) do update set signature = excluded.signature, time_zone = excluded.time_zone,
				  language = excluded.language, page_size = excluded.page_size,
				  undo_send_seconds = excluded.undo_send_seconds, updated_at = now()
				""")
			.param("user", userId)
			.param("signature", settings.signature())
			.param("zone", (settings.timeZone() != null) ? settings.timeZone().getId() : null)
			.param("language", settings.language())
			.param("pageSize", settings.pageSize())
			.param("undo", settings.undoSendSeconds())
			.update();
	}

	/** Whether the user chose to always see remote images from this sender. */
	@Transactional(readOnly = true)
	public boolean trustsImagesFrom(long userId, String address) {
		if (address == null) {
			return false;
		}
		return this.jdbc
			.sql("select exists (select 1 from trusted_image_senders where user_id = :user and address = :address)")
			.param("user", userId)
			.param("address", address.toLowerCase(Locale.ROOT))
			.query(Boolean.class)
			.single();
	}

	@Transactional
	public void trustImagesFrom(long userId, String address) {
		this.jdbc.sql("""
				insert into trusted_image_senders (user_id, address) values (:user, :address)
				on conflict do nothing
				""").param("user", userId).param("address", address.toLowerCase(Locale.ROOT)).update();
	}

	private static ZoneId zone(String id) {
		if (id == null) {
			return null;
		}
		try {
			return ZoneId.of(id);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
