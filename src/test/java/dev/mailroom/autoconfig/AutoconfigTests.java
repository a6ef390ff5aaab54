package dev.mailroom.autoconfig;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.mailroom.net.ServerIdentity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Thunderbird's autoconfig and Outlook's Autodiscover, asked anonymously as clients ask.
 * The test context's listeners pick free ports, so the standard ports are published.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AutoconfigTests {

	private static final String OUTLOOK_REQUEST = """
			<?xml version="1.0" encoding="utf-8"?>
			<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
			  <Request>
			    <EMailAddress>%s</EMailAddress>
			    <AcceptableResponseSchema>%s</AcceptableResponseSchema>
			  </Request>
			</Autodiscover>
			""";

	@Autowired
	MockMvc mvc;

	@Autowired
	ServerIdentity identity;

	@Test
	void thunderbirdGetsEveryPortForALocalAddress() throws Exception {
		for (String path : List.of("/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml")) {
			MvcResult result = this.mvc.perform(get(path).param("emailaddress", "Kim@LOCALHOST"))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
				.andReturn();
			Document xml = parse(result);

			Element provider = (Element) xml.getElementsByTagName("emailProvider").item(0);
			assertThat(provider.getAttribute("id")).isEqualTo("localhost");
			assertThat(texts(xml, "domain")).containsExactly("localhost");
			assertThat(servers(xml, "incomingServer")).containsExactly("imap 993 SSL", "imap 143 STARTTLS",
					"pop3 995 SSL", "pop3 110 STARTTLS");
			assertThat(servers(xml, "outgoingServer")).containsExactly("smtp 465 SSL", "smtp 587 STARTTLS");
			assertThat(texts(xml, "hostname")).hasSize(6).containsOnly(this.identity.hostname());
			assertThat(texts(xml, "username")).hasSize(6).containsOnly("%EMAILADDRESS%");
			assertThat(texts(xml, "authentication")).containsOnly("password-cleartext");
		}
	}

	@Test
	void thunderbirdWithoutAnAddressListsEveryLocalDomain() throws Exception {
		Document xml = parse(this.mvc.perform(get("/.well-known/autoconfig/mail/config-v1.1.xml"))
			.andExpect(status().isOk())
			.andReturn());

		assertThat(texts(xml, "domain")).contains("localhost", "example.test");
	}

	@Test
	void thunderbirdIsRefusedForOtherDomainsAndNonAddresses() throws Exception {
		this.mvc.perform(get("/.well-known/autoconfig/mail/config-v1.1.xml").param("emailaddress", "kim@gmail.com"))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(get("/.well-known/autoconfig/mail/config-v1.1.xml").param("emailaddress",
					"<script>alert(1)</script>@localhost"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<script>"))));
	}

	@Test
	void outlookPostsItsAddressAndGetsEveryProtocol() throws Exception {
		MvcResult result = this.mvc
			.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content(OUTLOOK_REQUEST.formatted("Lee@Localhost", OutlookAutodiscover.OUTLOOK_SCHEMA)))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_XML))
			.andReturn();
		Document xml = parse(result);

		List<String> protocols = new ArrayList<>();
		NodeList nodes = xml.getElementsByTagName("Protocol");
		for (int i = 0; i < nodes.getLength(); i++) {
			Element protocol = (Element) nodes.item(i);
			protocols.add(text(protocol, "Type") + " " + text(protocol, "Port") + " " + text(protocol, "Encryption")
					+ " " + text(protocol, "LoginName") + " " + text(protocol, "Server"));
		}
		String host = this.identity.hostname();
		assertThat(protocols).containsExactly("IMAP 993 SSL lee@localhost " + host,
				"IMAP 143 TLS lee@localhost " + host, "POP3 995 SSL lee@localhost " + host,
				"POP3 110 TLS lee@localhost " + host, "SMTP 465 SSL lee@localhost " + host,
				"SMTP 587 TLS lee@localhost " + host);
		assertThat(texts(xml, "SSL")).containsOnly("on");
		assertThat(texts(xml, "Action")).containsExactly("settings");
		assertThat(xml.getDocumentElement().getNamespaceURI())
			.isEqualTo("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006");
		assertThat(((Element) xml.getElementsByTagName("Response").item(0)).getNamespaceURI())
			.isEqualTo(OutlookAutodiscover.OUTLOOK_SCHEMA);

		// The same with the capitalised path Outlook uses, and with GET.
		this.mvc
			.perform(post("/Autodiscover/Autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content(OUTLOOK_REQUEST.formatted("lee@localhost", OutlookAutodiscover.OUTLOOK_SCHEMA)))
			.andExpect(status().isOk());
		assertThat(texts(
				parse(this.mvc.perform(get("/autodiscover/autodiscover.xml").param("emailaddress", "lee@localhost"))
					.andExpect(status().isOk())
					.andReturn()),
				"LoginName"))
			.hasSize(6)
			.containsOnly("lee@localhost");
	}

	@Test
	void escapesTheAddressItAnswersWith() throws Exception {
		// & and ' are valid in the local part of an address (RFC 5322 atext).
		MvcResult result = this.mvc
			.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content(OUTLOOK_REQUEST.formatted("o'brien&amp;co@localhost", OutlookAutodiscover.OUTLOOK_SCHEMA)))
			.andExpect(status().isOk())
			.andReturn();

		String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
		assertThat(body).contains("<LoginName>o&apos;brien&amp;co@localhost</LoginName>").doesNotContain("o'brien&co");
		assertThat(texts(parse(result), "LoginName")).containsOnly("o'brien&co@localhost");
	}

	@Test
	void refusesMalformedHostileAndForeignRequests() throws Exception {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
				<Autodiscover><Request><EMailAddress>&x;@localhost</EMailAddress></Request></Autodiscover>
				""";
		String markup = OUTLOOK_REQUEST.formatted("<![CDATA[<b>bold</b>@localhost]]>",
				OutlookAutodiscover.OUTLOOK_SCHEMA);
		for (String body : List.of(xxe, "not xml at all", "<Autodiscover/>", markup)) {
			MvcResult result = this.mvc
				.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML).content(body))
				.andExpect(status().isBadRequest())
				.andReturn();
			String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
			assertThat(texts(parse(result), "ErrorCode")).as(body).containsExactly("600");
			assertThat(answer).doesNotContain("root:").doesNotContain("<b>");
		}
		this.mvc
			.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content(OUTLOOK_REQUEST.formatted("kim@example.com", OutlookAutodiscover.OUTLOOK_SCHEMA)))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content(OUTLOOK_REQUEST.formatted("kim@localhost",
						"http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006")))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(post("/autodiscover/autodiscover.xml").contentType(MediaType.TEXT_XML)
				.content("<a>" + "x".repeat(70_000) + "</a>"))
			.andExpect(status().isPayloadTooLarge());
	}

	private static Document parse(MvcResult result) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder()
			.parse(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
	}

	private static List<String> texts(Document xml, String element) {
		List<String> texts = new ArrayList<>();
		NodeList nodes = xml.getElementsByTagName(element);
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent());
		}
		return texts;
	}

	private static String text(Element parent, String element) {
		NodeList nodes = parent.getElementsByTagName(element);
		return (nodes.getLength() > 0) ? nodes.item(0).getTextContent() : null;
	}

	private static List<String> servers(Document xml, String element) {
		List<String> servers = new ArrayList<>();
		NodeList nodes = xml.getElementsByTagName(element);
		for (int i = 0; i < nodes.getLength(); i++) {
			Element server = (Element) nodes.item(i);
			servers.add(server.getAttribute("type") + " " + text(server, "port") + " " + text(server, "socketType"));
		}
		return servers;
	}

}
