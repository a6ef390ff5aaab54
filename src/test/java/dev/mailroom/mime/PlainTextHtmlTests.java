package dev.mailroom.mime;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextHtmlTests {

	private static final String OPEN = "<div class=\"plain-text\" style=\"white-space: pre-wrap; overflow-wrap: break-word\">";

	private static final String REL = " target=\"_blank\" rel=\"noopener noreferrer nofollow\"";

	private static String body(String text) {
		String html = PlainTextHtml.toHtml(text).html();
		assertThat(html).startsWith(OPEN).endsWith("</div>");
		return html.substring(OPEN.length(), html.length() - "</div>".length());
	}

	private static String link(String href, String text) {
		return "<a href=\"" + href + "\"" + REL + ">" + text + "</a>";
	}

	@Nested
	class ToHtml {

		@Test
		void escapesEverythingAndKeepsLines() {
			assertThat(body("<script>alert('x') & \"y\"</script>\r\n  indented\r\rlast\n\n\n"))
				.isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &#34;y&#34;&lt;/script&gt;\n  indented\n\nlast");
		}

		@Test
		void replacesControlCharacters() {
			assertThat(body("a\u0000b\u0007c\tTab\u007f\fd")).isEqualTo("a\ufffdb\ufffdc\tTab\ufffd\nd");
		}

		@Test
		void handlesNothing() {
			assertThat(body(null)).isEmpty();
			assertThat(body("")).isEmpty();
			assertThat(PlainTextHtml.toHtml("x").remoteImagesBlocked()).isFalse();
		}

		@Test
		void linksHttpHttpsAndWww() {
			assertThat(body("see https://example.com/a?b=1&c=2#x and HTTP://EXAMPLE.COM or www.example.co.kr/path"))
				.isEqualTo("see " + link("https://example.com/a?b=1&amp;c=2#x", "https://example.com/a?b=1&amp;c=2#x")
						+ " and " + link("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM") + " or "
						+ link("http://www.example.co.kr/path", "www.example.co.kr/path"));
		}

		@Test
		void leavesTrailingPunctuationOutOfUrls() {
			assertThat(body("Go to https://example.com/a."))
				.isEqualTo("Go to " + link("https://example.com/a", "https://example.com/a") + ".");
			assertThat(body("https://example.com, https://example.org; https://example.net: done!"))
				.isEqualTo(link("https://example.com", "https://example.com") + ", "
						+ link("https://example.org", "https://example.org") + "; "
						+ link("https://example.net", "https://example.net") + ": done!");
			assertThat(body("(see https://example.com/wiki/Foo_(bar)).")).isEqualTo(
					"(see " + link("https://example.com/wiki/Foo_(bar)", "https://example.com/wiki/Foo_(bar)") + ").");
			assertThat(body("(https://example.com/x)"))
				.isEqualTo("(" + link("https://example.com/x", "https://example.com/x") + ")");
			assertThat(body("'https://example.com/q?a=b' \"www.example.com\"?!"))
				.isEqualTo("&#39;" + link("https://example.com/q?a=b", "https://example.com/q?a=b") + "&#39; &#34;"
						+ link("http://www.example.com", "www.example.com") + "&#34;?!");
			assertThat(body("[https://example.com/x]"))
				.isEqualTo("[" + link("https://example.com/x", "https://example.com/x") + "]");
			assertThat(body("<https://example.com/x>"))
				.isEqualTo("&lt;" + link("https://example.com/x", "https://example.com/x") + "&gt;");
		}

		@Test
		void endsUrlsAtKoreanText() {
			assertThat(body("자세한 내용은 https://example.com/notice에서 확인하세요."))
				.isEqualTo("자세한 내용은 " + link("https://example.com/notice", "https://example.com/notice") + "에서 확인하세요.");
			assertThat(body("홈페이지(www.example.kr)를 참고"))
				.isEqualTo("홈페이지(" + link("http://www.example.kr", "www.example.kr") + ")를 참고");
			assertThat(body("주소:https://example.com。"))
				.isEqualTo("주소:" + link("https://example.com", "https://example.com") + "。");
			assertThat(body("문의는hong@example.co.kr으로 보내 주세요"))
				.isEqualTo("문의는" + link("mailto:hong@example.co.kr", "hong@example.co.kr") + "으로 보내 주세요");
			assertThat(body("https://한글.kr")).isEqualTo("https://한글.kr");
		}

		@Test
		void linksEmailAddresses() {
			assertThat(body("Write to kim.minsu+mail@example.com. Or mailto:lee@example.org!"))
				.isEqualTo("Write to " + link("mailto:kim.minsu+mail@example.com", "kim.minsu+mail@example.com")
						+ ". Or " + link("mailto:lee@example.org", "mailto:lee@example.org") + "!");
			assertThat(body("\"Kim\" <kim@example.com>"))
				.isEqualTo("&#34;Kim&#34; &lt;" + link("mailto:kim@example.com", "kim@example.com") + "&gt;");
			assertThat(body("not@an-address and @handle")).isEqualTo("not@an-address and @handle");
		}

		@Test
		void neverLinksOtherSchemes() {
			for (String text : new String[] { "javascript:alert(1)", "JavaScript://%0aalert(1)", "vbscript:msgbox(1)",
					"data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "ftp://ftp.example.org/pub",
					"xhttp://example.com" }) {
				assertThat(body(text)).as(text).doesNotContain("<a");
			}
			assertThat(body("javascript:alert('https://example.com')"))
				.isEqualTo("javascript:alert(&#39;" + link("https://example.com", "https://example.com") + "&#39;)");
			assertThat(body("https://example.com/\"onmouseover=\"alert(1)"))
				.isEqualTo(link("https://example.com/", "https://example.com/") + "&#34;onmouseover=&#34;alert(1)");
		}

		@Test
		void turnsQuotedLinesIntoBlockquotes() {
			assertThat(body("Hi\n> quoted\n>> deeper\n> > also deeper\n>back\n\nme"))
				.isEqualTo("Hi<blockquote>quoted<blockquote>deeper\nalso deeper</blockquote>back</blockquote>\nme");
			assertThat(body("> https://example.com"))
				.isEqualTo("<blockquote>" + link("https://example.com", "https://example.com") + "</blockquote>");
		}

		@Test
		void canLeaveQuotedLinesAlone() {
			assertThat(PlainTextHtml.toHtml("> quoted\nme", false).html()).isEqualTo(OPEN + "&gt; quoted\nme</div>");
		}

	}

	@Nested
	class HtmlToText {

		@Test
		void rendersBlocksAsLines() {
			assertThat(PlainTextHtml.htmlToText("<h1>Title</h1><p>First <b>bold</b>\n  line<br>second</p>"
					+ "<div>block</div><div>another</div><p>para</p>"))
				.isEqualTo("Title\n\nFirst bold line\nsecond\n\nblock\nanother\n\npara");
		}

		@Test
		void rendersLists() {
			assertThat(PlainTextHtml
				.htmlToText("<ul><li>one</li><li>two<ol start=\"3\"><li>three</li><li>four</li>" + "</ol></li></ul>"))
				.isEqualTo("- one\n- two\n  3. three\n  4. four");
		}

		@Test
		void showsLinkTargets() {
			assertThat(PlainTextHtml.htmlToText("<p><a href=\"https://example.com/a\">click here</a>, "
					+ "<a href=\"https://example.com/\">https://example.com/</a>, <a href=\"https://example.org/\">"
					+ "example.org</a>, <a href=\"mailto:kim@example.com?subject=hi\">kim@example.com</a>, "
					+ "<a href=\"mailto:lee@example.com\">Lee</a>, <a href=\"javascript:alert(1)\">js</a>, "
					+ "<a href=\"#top\">top</a></p>"))
				.isEqualTo("click here <https://example.com/a>, https://example.com/, example.org, kim@example.com, "
						+ "Lee <mailto:lee@example.com>, js, top");
		}

		@Test
		void decodesEntities() {
			assertThat(
					PlainTextHtml.htmlToText("a&nbsp;&amp;&nbsp;b &lt;tag&gt; &quot;q&quot; &#54620;&#xAE00; &copy;"))
				.isEqualTo("a & b <tag> \"q\" 한글 ©");
		}

		@Test
		void dropsWhatIsNotShown() {
			assertThat(PlainTextHtml.htmlToText("<html><head><title>Title</title><style>p{color:red}</style>"
					+ "<script>var x = 1;</script></head><body><div style=\"display: none; max-height:0\">preheader"
					+ "</div><p hidden>hidden</p><script>alert(1)</script><style>.x{}</style><p>shown</p>"
					+ "<img src=\"x.png\" alt=\"image\"><noscript>enable js</noscript><!-- comment --></body></html>"))
				.isEqualTo("shown");
		}

		@Test
		void quotesBlockquotes() {
			assertThat(PlainTextHtml.htmlToText("<p>Reply</p><div>On Monday, Kim wrote:</div><blockquote><p>one</p>"
					+ "<p>two</p><blockquote>older</blockquote></blockquote><p>after</p>"))
				.isEqualTo("Reply\n\nOn Monday, Kim wrote:\n\n> one\n>\n> two\n>\n>> older\n\nafter");
		}

		@Test
		void keepsPreformattedText() {
			assertThat(PlainTextHtml.htmlToText("<p>code:</p><pre>  if (x) {\n    y();\n  }</pre><p>end</p>"))
				.isEqualTo("code:\n\n  if (x) {\n    y();\n  }\n\nend");
		}

		@Test
		void separatesTableCells() {
			assertThat(PlainTextHtml
				.htmlToText("<table><tr><th>이름</th><th>값</th></tr><tr><td>a</td><td>1</td></tr>" + "</table>"))
				.isEqualTo("이름\t값\na\t1");
		}

		@Test
		void limitsBlankLines() {
			assertThat(PlainTextHtml.htmlToText("a<br><br><br><br><br><br>b<p></p><p></p><p>c</p><hr>d"))
				.isEqualTo("a\n\n\nb\n\nc\n\n----\nd");
		}

		@Test
		void handlesNothing() {
			assertThat(PlainTextHtml.htmlToText(null)).isEmpty();
			assertThat(PlainTextHtml.htmlToText("  ")).isEmpty();
			assertThat(PlainTextHtml.htmlToText("plain text, no tags")).isEqualTo("plain text, no tags");
		}

		@Test
		void roundTripsPlainText() {
			String text = "안녕하세요,\n\n> 인용\nhttps://example.com 참고";
			assertThat(PlainTextHtml.htmlToText(PlainTextHtml.toHtml(text, false).html())).isEqualTo(text);
		}

	}

}
