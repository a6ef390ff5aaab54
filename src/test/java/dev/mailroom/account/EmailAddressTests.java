package dev.mailroom.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailAddressTests {

	@Test
	void lowerCasesAndTrims() {
		assertThat(EmailAddress.parse("  Kim.Cheolsu+news@Example.COM ")).hasToString("kim.cheolsu+news@example.com");
	}

	@Test
	void storesInternationalDomainsInAsciiForm() {
		assertThat(EmailAddress.parse("hong@메일.한국").domain()).isEqualTo("xn--h32bq4v.xn--3e0b707e");
		assertThat(EmailAddress.normalizeDomain("xn--H32BQ4V.xn--3e0b707e.")).isEqualTo("xn--h32bq4v.xn--3e0b707e");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "@example.com", "user@", "a..b@example.com", ".a@example.com",
			"a b@example.com", "a@b@", "user@exa mple.com", "user@-example.com", "user@example..com",
			"\"q\"@example.com", "user@example.com\r\nRCPT TO:<x@y>" })
	void refusesWhatIsNotAnAddress(String text) {
		assertThatThrownBy(() -> EmailAddress.parse(text)).isInstanceOfSatisfying(AccountException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(AccountException.Reason.INVALID));
	}

	@Test
	void refusesOverlongLocalParts() {
		assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.com"))
			.isInstanceOf(AccountException.class);
		assertThat(EmailAddress.parse("a".repeat(64) + "@example.com").localPart()).hasSize(64);
	}

}
