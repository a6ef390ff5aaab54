package dev.mailroom.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Dates as a mail client shows them, in the user's time zone: the time for today's mail,
 * day and month for this year's, the full date otherwise. Used from templates as
 * {@code @dates}.
 */
@Component("dates")
public class Dates {

	public String list(Instant instant, ZoneId zone, Locale locale) {
		if (instant == null) {
			return "";
		}
		ZonedDateTime time = instant.atZone(zone);
		LocalDate today = LocalDate.now(zone);
		if (time.toLocalDate().equals(today)) {
			return time.format(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale));
		}
		if (time.getYear() == today.getYear()) {
			return time
				.format(DateTimeFormatter.ofPattern(locale.getLanguage().equals("ko") ? "M월 d일" : "MMM d", locale));
		}
		return time.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale));
	}

	public String full(Instant instant, ZoneId zone, Locale locale) {
		if (instant == null) {
			return "";
		}
		return instant.atZone(zone)
			.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale))
				+ " (" + zone.getId() + ")";
	}

	/** ISO form for a {@code datetime} attribute. */
	public String iso(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

}
