package dev.mailroom.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class HtmlSanitizerTests {

	private static final Function<String, String> INLINE = (cid) -> "/webmail/inline/" + cid;

	private static String blocked(String html) {
		return HtmlSanitizer.sanitize(html, RemoteImages.BLOCK, INLINE).html();
	}

	@Test
	void keepsFormattingOfTypicalMail() {
		String html = "<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\""
				+ " align=\"center\"><tr><td colspan=\"2\" valign=\"top\" style=\"color:#333;font-size:14px;"
				+ "padding:8px\"><font face=\"Malgun Gothic\" color=\"red\" size=\"3\">안녕하세요</font>"
				+ "<br><b>굵게</b> <i>기울임</i> <u>밑줄</u></td></tr></table>"
				+ "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol><blockquote>quoted</blockquote>"
				+ "<pre>  code</pre><h2 align=\"center\">Title</h2><hr>";
		assertThat(blocked(html)).isEqualTo("<table width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\""
				+ " bgcolor=\"#ffffff\" align=\"center\"><tbody><tr><td colspan=\"2\" valign=\"top\""
				+ " style=\"color:#333;font-size:14px;padding:8px\"><font face=\"Malgun Gothic\" color=\"red\""
				+ " size=\"3\">안녕하세요</font><br /><b>굵게</b> <i>기울임</i> <u>밑줄</u></td></tr></tbody></table>"
				+ "<ul><li>one</li></ul><ol start=\"3\"><li>three</li></ol><blockquote>quoted</blockquote>"
				+ "<pre>  code</pre><h2 align=\"center\">Title</h2><hr />");
	}

	@Test
	void dropsTheDocumentAroundTheBody() {
		assertThat(blocked("<html><head><title>T</title><meta charset=utf-8><style>p{color:red}</style></head>"
				+ "<body bgcolor=red><p>x</p></body></html>"))
			.isEqualTo("<p>x</p>");
	}

	@Test
	void filtersCss() {
		assertThat(blocked("<p style=\"color:red;position:fixed;top:0;z-index:9;display:none;float:left;"
				+ "background:url(http://attacker.example/x.gif) #fff;width:expression(alert(1));"
				+ "behavior:url(x.htc);-moz-binding:url(x.xml)\">x</p>"))
			.isEqualTo("<p style=\"color:red;display:none;float:left;background:#fff\">x</p>");
	}

	@Test
	void dropsUnsafeAttributeValues() {
		assertThat(blocked("<td width=\"100%\" height=\"javascript:x\" bgcolor=\"red;x:y\" dir=\"rtl\""
				+ " lang=\"ko-KR\" title=\"hello\" id=\"x\" class=\"y\" name=\"z\">x</td>"))
			.isEqualTo("<table><tbody><tr><td width=\"100%\" dir=\"rtl\" lang=\"ko-KR\" title=\"hello\">x</td>"
					+ "</tr></tbody></table>");
	}

	@Test
	void linksOpenInANewWindowWithoutReferrer() {
		assertThat(blocked("<a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_top\" rel=\"opener\">x</a>"))
			.isEqualTo("<a href=\"https://example.com/a?b&#61;1&amp;c&#61;2\" target=\"_blank\""
					+ " rel=\"noopener noreferrer nofollow\">x</a>");
		assertThat(blocked("<a href=\"mailto:kim@example.kr\">kim</a>"))
			.isEqualTo("<a href=\"mailto:kim&#64;example.kr\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">"
					+ "kim</a>");
	}

	@Test
	void dropsLinksWithoutAnAbsoluteHttpOrMailtoUrlButKeepsTheirText() {
		for (String href : List.of("/logout", "settings", "#top", "//example.com/x", "javascript:alert(1)",
				"ftp://example.com/", "cid:part1", "data:text/html,x", "tel:+821012345678", "http://", "")) {
			assertThat(blocked("<a href=\"" + href + "\">text</a>")).as(href).isEqualTo("text");
		}
		assertThat(blocked("<a name=\"anchor\">text</a>")).isEqualTo("text");
	}

	@Test
	void rewritesInlineImagesThroughTheCallersUrls() {
		List<String> asked = new ArrayList<>();
		SafeHtml safe = HtmlSanitizer.sanitize(
				"<img src=\"cid:logo%40example.com\" alt=\"logo\"><img src=\"CID:&lt;part2@x&gt;\">"
						+ "<img src=\"cid:%ED%95%9C%EA%B8%80\"><img src=\"cid:missing\" width=\"10\">",
				RemoteImages.BLOCK, (cid) -> {
					asked.add(cid);
					return cid.equals("missing") ? null : "/inline/7/" + cid.length();
				});
		assertThat(asked).containsExactly("logo@example.com", "part2@x", "한글", "missing");
		assertThat(safe.html()).isEqualTo("<img src=\"/inline/7/16\" alt=\"logo\" /><img src=\"/inline/7/7\" />"
				+ "<img src=\"/inline/7/2\" /><img width=\"10\" />");
		assertThat(safe.remoteImagesBlocked()).isFalse();
	}

	@Test
	void blocksRemoteImagesAndSaysSo() {
		String html = "<p>Hi</p><img src=\"https://tracker.example/open.gif?u=1\" width=\"1\" height=\"1\">"
				+ "<img src=\"//cdn.example/logo.png\" alt=\"Logo\"><img src=\"http://cdn.example/x.png\">";
		SafeHtml safe = HtmlSanitizer.sanitize(html, RemoteImages.BLOCK, INLINE);
		assertThat(safe.html()).isEqualTo("<p>Hi</p><img width=\"1\" height=\"1\" /><img alt=\"Logo\" />");
		assertThat(safe.remoteImagesBlocked()).isTrue();
	}

	@Test
	void keepsRemoteImagesWhenAllowed() {
		SafeHtml safe = HtmlSanitizer.sanitize("<img src=\"https://cdn.example/a.png\"><img src=\"//cdn.example/b\">",
				RemoteImages.allowedIf(true), INLINE);
		assertThat(safe.html())
			.isEqualTo("<img src=\"https://cdn.example/a.png\" /><img src=\"https://cdn.example/b\" />");
		assertThat(safe.remoteImagesBlocked()).isFalse();
	}

	@Test
	void neverLoadsImagesFromTheWebmailItself() {
		SafeHtml safe = HtmlSanitizer.sanitize("<img src=\"/logout\"><img src=\"../api/messages/1\" alt=\"a\">",
				RemoteImages.ALLOW, INLINE);
		assertThat(safe.html()).isEqualTo("<img alt=\"a\" />");
		assertThat(safe.remoteImagesBlocked()).isFalse();
	}

	@Test
	void keepsRasterDataImagesOnly() {
		String png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
		assertThat(Jsoup.parseBodyFragment(blocked("<img src=\"" + png + "\">")).selectFirst("img").attr("src"))
			.isEqualTo(png);
		assertThat(Jsoup.parseBodyFragment(blocked("<img src=\"data:image/jpeg;base64,/9j/4AAQ\r\n SkZJRg==\">"))
			.selectFirst("img")
			.attr("src")).isEqualTo("data:image/jpeg;base64,/9j/4AAQSkZJRg==");
		String large = "data:image/gif;base64," + "R0lGODlh".repeat(500_000);
		assertThat(blocked("<img src=\"" + large + "\">")).hasSize("<img src=\"\" />".length() + large.length());
		for (String src : List.of("data:image/svg+xml;base64,PHN2Zz4=", "data:text/html;base64,PHA+",
				"data:image/png,rawbytes", "data:image/png;base64,<script>", "data:;base64,iVBO")) {
			assertThat(blocked("<img src=\"" + src + "\">")).as(src).isEmpty();
		}
	}

	@Test
	void handlesNothing() {
		assertThat(HtmlSanitizer.sanitize(null, RemoteImages.BLOCK, INLINE).html()).isEmpty();
		assertThat(HtmlSanitizer.sanitize("", RemoteImages.ALLOW, INLINE).html()).isEmpty();
		assertThatNullPointerException().isThrownBy(() -> HtmlSanitizer.sanitize("x", null, INLINE));
	}

	@Test
	void survivesDeepNesting() {
		assertThat(blocked("<div>".repeat(200) + "deep" + "</div>".repeat(200))).contains("deep");
		// Past 256 levels the library drops elements and their text (browsers stop at
		// 512).
		String html = "<div>".repeat(50_000) + "deeper" + "</div>".repeat(50_000);
		String safe = blocked(html);
		assertThat(safe).doesNotContain("deeper").startsWith("<div><div>");
		assertThat(safe.length()).isLessThan(256 * 12);
	}

	@Test
	void documentWrapsTheBodyWithSafeDefaults() {
		SafeHtml safe = HtmlSanitizer.sanitize("<p>안녕 <a href=\"https://example.com\">x</a></p>");
		String document = HtmlSanitizer.document(safe);
		assertThat(document).startsWith("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
		Document parsed = Jsoup.parse(document);
		assertThat(parsed.selectFirst("base").attr("target")).isEqualTo("_blank");
		assertThat(parsed.selectFirst("meta[name=referrer]").attr("content")).isEqualTo("no-referrer");
		assertThat(parsed.select("script")).isEmpty();
		assertThat(parsed.body().html()).isEqualTo(Jsoup.parseBodyFragment(safe.html()).body().html());
	}

	@Test
	void cspAllowsNoScriptAndRemoteImagesOnlyWhenAllowed() {
		String blocked = HtmlSanitizer.cspForBody(false);
		String allowed = HtmlSanitizer.cspForBody(true);
		for (String csp : List.of(blocked, allowed)) {
			assertThat(csp).startsWith("default-src 'none';")
				.contains("style-src 'unsafe-inline'", "form-action 'none'", "base-uri 'none'",
						"frame-ancestors 'self'", "sandbox allow-popups")
				.doesNotContain("script-src", "allow-scripts", "allow-forms", "allow-top-navigation");
		}
		assertThat(blocked).contains("img-src 'self' data:;");
		assertThat(allowed).contains("img-src 'self' data: https: http:;");
	}

	@Test
	void safeHtmlIsAValue() {
		SafeHtml one = HtmlSanitizer.sanitize("<p>x</p>");
		assertThat(one).isEqualTo(HtmlSanitizer.sanitize("<p>x</p>"))
			.hasSameHashCodeAs(HtmlSanitizer.sanitize("<p>x</p>"));
		assertThat(one).isNotEqualTo(HtmlSanitizer.sanitize("<p>y</p>"));
		assertThat(one.toString()).isEqualTo("SafeHtml[8 chars]");
	}

}
