package dev.mailroom.autoconfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.EmailAddress;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outlook's POX Autodiscover ([MS-OXDSCLI]; the "outlook" response schema 2006a): the
 * client POSTs its address to
 * {@code https://autodiscover.<domain>/autodiscover/autodiscover.xml} (or the same path
 * on the domain itself) and gets IMAP, POP3 and SMTP settings. The request is parsed
 * without DTDs or external entities; the address is answered only once it parsed as an
 * address of a local domain, and escaped.
 */
@RestController
class OutlookAutodiscover {

	static final String OUTLOOK_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

	private static final String RESPONSE_NAMESPACE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

	private static final int MAX_REQUEST = 64 * 1024;

	private static final MediaType XML = new MediaType("text", "xml", java.nio.charset.StandardCharsets.UTF_8);

	private final MailEndpoints endpoints;

	private final AccountService accounts;

	private final XMLInputFactory xmlInput;

	OutlookAutodiscover(MailEndpoints endpoints, AccountService accounts) {
		this.endpoints = endpoints;
		this.accounts = accounts;
		this.xmlInput = XMLInputFactory.newFactory();
		this.xmlInput.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		this.xmlInput.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		this.xmlInput.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
	}

	private record Request(String address, String schema) {
	}

	@PostMapping({ "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml" })
	ResponseEntity<String> post(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_REQUEST + 1);
		if (bytes.length > MAX_REQUEST) {
			return error(HttpStatus.PAYLOAD_TOO_LARGE, 600, "Invalid Request");
		}
		Request request;
		try {
			request = parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (XMLStreamException ex) {
			return error(HttpStatus.BAD_REQUEST, 600, "Invalid Request");
		}
		if (request.schema() != null && !request.schema().strip().equals(OUTLOOK_SCHEMA)) {
			// Exchange ActiveSync's mobilesync schema, for instance: not served here.
			return error(HttpStatus.BAD_REQUEST, 601, "Provider is not available");
		}
		return answer(request.address());
	}

	@GetMapping({ "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml" })
	ResponseEntity<String> get(@RequestParam(name = "emailaddress", required = false) String address) {
		return answer(address);
	}

	private ResponseEntity<String> answer(String address) {
		String login = null;
		if (address != null && !address.isBlank()) {
			EmailAddress email;
			try {
				email = EmailAddress.parse(address);
			}
			catch (AccountException ex) {
				return error(HttpStatus.BAD_REQUEST, 600, "Invalid Request");
			}
			if (!this.accounts.isLocalDomain(email.domain())) {
				return error(HttpStatus.NOT_FOUND, 500, "The e-mail address cannot be found.");
			}
			login = email.toString();
		}
		else if (address != null) {
			return error(HttpStatus.BAD_REQUEST, 600, "Invalid Request");
		}
		return ResponseEntity.ok().contentType(XML).body(settings(login));
	}

	/**
	 * The first EMailAddress and AcceptableResponseSchema of the request, any namespace.
	 */
	private Request parse(String body) throws XMLStreamException {
		XMLStreamReader reader = this.xmlInput.createXMLStreamReader(new StringReader(body));
		String address = null;
		String schema = null;
		try {
			while (reader.hasNext()) {
				int event = reader.next();
				if (event == XMLStreamConstants.DTD) {
					// Never needed by a client; refused outright (entity tricks).
					throw new XMLStreamException("Document type declarations are not accepted");
				}
				if (event == XMLStreamConstants.START_ELEMENT) {
					String name = reader.getLocalName();
					if (name.equals("EMailAddress") && address == null) {
						address = reader.getElementText();
					}
					else if (name.equals("AcceptableResponseSchema") && schema == null) {
						schema = reader.getElementText();
					}
				}
			}
		}
		finally {
			reader.close();
		}
		if (address == null) {
			throw new XMLStreamException("No EMailAddress");
		}
		return new Request(address, schema);
	}

	private String settings(String login) {
		Xml xml = new Xml().open("Autodiscover", "xmlns", RESPONSE_NAMESPACE).open("Response", "xmlns", OUTLOOK_SCHEMA);
		if (login != null) {
			xml.open("User").element("DisplayName", login).element("EMailAddress", login).close("User");
		}
		xml.open("Account").element("AccountType", "email").element("Action", "settings");
		for (MailEndpoints.Endpoint endpoint : this.endpoints.all()) {
			boolean implicit = endpoint.security() == MailEndpoints.Security.IMPLICIT_TLS;
			xml.open("Protocol")
				.element("Type", endpoint.protocol().name())
				.element("Server", this.endpoints.host())
				.element("Port", endpoint.port())
				.element("DomainRequired", "off");
			if (login != null) {
				xml.element("LoginName", login);
			}
			// SSL "on" for both kinds: Encryption (which overrides it where understood)
			// tells implicit TLS from STARTTLS; clients that only know SSL still never
			// send a password in the clear.
			xml.element("SPA", "off")
				.element("SSL", "on")
				.element("Encryption", implicit ? "SSL" : "TLS")
				.element("AuthRequired", "on");
			if (endpoint.protocol() == MailEndpoints.Protocol.SMTP) {
				xml.element("UsePOPAuth", "off").element("SMTPLast", "off");
			}
			xml.close("Protocol");
		}
		return xml.close("Account").close("Response").close("Autodiscover").toString();
	}

	private static ResponseEntity<String> error(HttpStatus status, int code, String message) {
		String body = new Xml().open("Autodiscover", "xmlns", RESPONSE_NAMESPACE)
			.open("Response")
			.open("Error")
			.element("ErrorCode", code)
			.element("Message", message)
			.element("DebugData", "")
			.close("Error")
			.close("Response")
			.close("Autodiscover")
			.toString();
		return ResponseEntity.status(status).contentType(XML).body(body);
	}

}
