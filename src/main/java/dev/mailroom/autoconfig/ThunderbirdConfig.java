package dev.mailroom.autoconfig;

import java.util.List;
import java.util.Locale;

import dev.mailroom.account.AccountException;
import dev.mailroom.account.AccountService;
import dev.mailroom.account.DomainView;
import dev.mailroom.account.EmailAddress;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Thunderbird's autoconfig file (clientConfig version 1.1), which Thunderbird, K-9 /
 * Thunderbird for Android, Evolution and others ask for at
 * {@code https://autoconfig.<domain>/mail/config-v1.1.xml} or
 * {@code https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml}. The user name is
 * the full address ({@code %EMAILADDRESS%}, filled in by the client), passwords go over
 * TLS only.
 */
@RestController
class ThunderbirdConfig {

	static final MediaType XML = new MediaType("application", "xml", java.nio.charset.StandardCharsets.UTF_8);

	private final MailEndpoints endpoints;

	private final AccountService accounts;

	ThunderbirdConfig(MailEndpoints endpoints, AccountService accounts) {
		this.endpoints = endpoints;
		this.accounts = accounts;
	}

	@GetMapping({ "/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml" })
	ResponseEntity<String> config(@RequestParam(name = "emailaddress", required = false) String address) {
		List<String> domains;
		if (address != null && !address.isBlank()) {
			EmailAddress email;
			try {
				email = EmailAddress.parse(address);
			}
			catch (AccountException ex) {
				return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("Not a mail address\n");
			}
			if (!this.accounts.isLocalDomain(email.domain())) {
				return ResponseEntity.status(HttpStatus.NOT_FOUND)
					.contentType(MediaType.TEXT_PLAIN)
					.body("Mail for this domain is not served here\n");
			}
			domains = List.of(email.domain());
		}
		else {
			domains = this.accounts.listDomains().stream().map(DomainView::name).toList();
		}
		return ResponseEntity.ok().contentType(XML).body(document(domains));
	}

	private String document(List<String> domains) {
		Xml xml = new Xml().open("clientConfig", "version", "1.1")
			.open("emailProvider", "id", domains.isEmpty() ? this.endpoints.host() : domains.get(0));
		domains.forEach((domain) -> xml.element("domain", domain));
		xml.element("displayName", this.endpoints.displayName())
			.element("displayShortName", this.endpoints.displayName());
		for (MailEndpoints.Endpoint endpoint : this.endpoints.all()) {
			boolean outgoing = endpoint.protocol() == MailEndpoints.Protocol.SMTP;
			String element = outgoing ? "outgoingServer" : "incomingServer";
			xml.open(element, "type", endpoint.protocol().name().toLowerCase(Locale.ROOT))
				.element("hostname", this.endpoints.host())
				.element("port", endpoint.port())
				.element("socketType",
						(endpoint.security() == MailEndpoints.Security.IMPLICIT_TLS) ? "SSL" : "STARTTLS")
				.element("authentication", "password-cleartext")
				.element("username", "%EMAILADDRESS%");
			if (endpoint.protocol() == MailEndpoints.Protocol.POP3) {
				// Keep mail on the server, so the webmail and other devices still see it.
				xml.open("pop3").element("leaveMessagesOnServer", true).close("pop3");
			}
			xml.close(element);
		}
		return xml.close("emailProvider").close("clientConfig").toString();
	}

}
