package dev.mailroom.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Content-Disposition values for downloads. */
final class Downloads {

	private Downloads() {
	}

	static String attachment(String filename) {
		String ascii = filename.replaceAll("[^A-Za-z0-9._ -]", "_");
		String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
		return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
	}

}
