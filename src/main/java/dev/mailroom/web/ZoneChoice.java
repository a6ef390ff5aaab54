package dev.mailroom.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A time zone of the settings page's select: Asia/Seoul and UTC first, then every zone
 * Java knows, sorted, each with its current offset.
 */
public record ZoneChoice(String id, String label) {

	static final List<String> FIRST = List.of("Asia/Seoul", "UTC");

	static List<ZoneChoice> all(Instant now) {
		Set<String> ids = new LinkedHashSet<>(FIRST);
		ids.addAll(new TreeSet<>(ZoneId.getAvailableZoneIds()));
		List<ZoneChoice> choices = new ArrayList<>(ids.size());
		for (String id : ids) {
			ZoneOffset offset = ZoneId.of(id).getRules().getOffset(now);
			String shown = offset.equals(ZoneOffset.UTC) ? "UTC" : "UTC" + offset.getId();
			choices.add(new ZoneChoice(id, id.equals("UTC") ? id : id + " (" + shown + ")"));
		}
		return choices;
	}

	static boolean isKnown(String id) {
		return id != null && ZoneId.getAvailableZoneIds().contains(id);
	}

}
