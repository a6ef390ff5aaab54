package dev.mailroom.mime;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A lenient RFC 5322 date parser: day names optional, missing seconds, two- and
 * three-digit years (RFC 5322 4.3), obsolete and informal zone names, zones in comments,
 * asctime order.
 */
final class Dates {

	private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
			"oct", "nov", "dec");

	private static final Map<String, Integer> ZONES = Map.ofEntries(Map.entry("ut", 0), Map.entry("utc", 0),
			Map.entry("gmt", 0), Map.entry("z", 0), Map.entry("est", -5), Map.entry("edt", -4), Map.entry("cst", -6),
			Map.entry("cdt", -5), Map.entry("mst", -7), Map.entry("mdt", -6), Map.entry("pst", -8),
			Map.entry("pdt", -7), Map.entry("kst", 9), Map.entry("jst", 9), Map.entry("wet", 0), Map.entry("west", 1),
			Map.entry("bst", 1), Map.entry("cet", 1), Map.entry("met", 1), Map.entry("cest", 2), Map.entry("mest", 2),
			Map.entry("eet", 2), Map.entry("eest", 3), Map.entry("hkt", 8), Map.entry("sgt", 8));

	private Dates() {
	}

	static OffsetDateTime parse(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			// Not ISO 8601, the usual case: read it as RFC 5322.
		}
		String[] tokens = value.replace('(', ' ').replace(')', ' ').replace(',', ' ').trim().split("\\s+");
		Integer month = null;
		int[] time = null;
		ZoneOffset zone = null;
		List<Integer> numbers = new ArrayList<>();
		for (String token : tokens) {
			String lower = token.toLowerCase(Locale.ROOT);
			if (token.indexOf(':') > 0 && time == null) {
				int sign = Math.max(token.indexOf('+'), token.indexOf('-'));
				if (sign > 0) {
					zone = (zone != null) ? zone : numericZone(token.substring(sign));
					token = token.substring(0, sign);
				}
				time = parseTime(token);
			}
			else if ((token.startsWith("+") || token.startsWith("-")) && token.length() > 1) {
				zone = (zone != null) ? zone : numericZone(token);
			}
			else if (!token.isEmpty() && token.chars().allMatch(Character::isDigit) && token.length() <= 4) {
				numbers.add(Integer.parseInt(token));
			}
			else if (month == null && lower.length() >= 3 && MONTHS.contains(lower.substring(0, 3))) {
				month = MONTHS.indexOf(lower.substring(0, 3)) + 1;
			}
			else if (zone == null && ZONES.containsKey(lower)) {
				zone = ZoneOffset.ofHours(ZONES.get(lower));
			}
		}
		if (month == null || numbers.size() < 2) {
			return null;
		}
		int day = numbers.get(0);
		int year = numbers.get(1);
		if (day > 31 && year <= 31) {
			int swap = day;
			day = year;
			year = swap;
		}
		if (year < 50) {
			year += 2000;
		}
		else if (year < 1000) {
			year += 1900;
		}
		if (time == null) {
			time = new int[] { 0, 0, 0 };
		}
		try {
			return OffsetDateTime.of(year, month, day, time[0], time[1], Math.min(time[2], 59), 0,
					(zone != null) ? zone : ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static int[] parseTime(String token) {
		String[] parts = token.split(":");
		int[] time = new int[3];
		try {
			for (int i = 0; i < Math.min(parts.length, 3); i++) {
				String part = parts[i];
				int dot = part.indexOf('.');
				time[i] = Integer.parseInt((dot >= 0) ? part.substring(0, dot) : part);
			}
		}
		catch (NumberFormatException ex) {
			return null;
		}
		return time;
	}

	/**
	 * {@code +0900}, {@code -05:00}; an invalid offset is no zone (RFC 5322 -0000, UTC).
	 */
	private static ZoneOffset numericZone(String token) {
		String digits = token.substring(1).replace(":", "");
		if (digits.length() != 4 || !digits.chars().allMatch(Character::isDigit)) {
			return null;
		}
		int hours = Integer.parseInt(digits.substring(0, 2));
		int minutes = Integer.parseInt(digits.substring(2));
		int sign = token.startsWith("-") ? -1 : 1;
		try {
			return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
