package dev.mailroom.mime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedWordsTests {

	@Test
	void dropsWhitespaceBetweenAdjacentEncodedWords() {
		assertThat(EncodedWords.decode("=?UTF-8?Q?a?= \t =?UTF-8?Q?b?=")).isEqualTo("ab");
	}

	@Test
	void keepsWhitespaceBetweenEncodedWordAndText() {
		assertThat(EncodedWords.decode("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=")).isEqualTo("a b c");
	}

	@Test
	void joinsBytesOfCharacterSplitAcrossWords() {
		// 한 is ED 95 9C: the first word ends after ED 95.
		assertThat(EncodedWords.decode("=?UTF-8?B?7ZU=?= =?utf-8?B?nOq4gA==?=")).isEqualTo("한글");
	}

	@Test
	void decodesWordsGluedToSurroundingText() {
		assertThat(EncodedWords.decode("Re:=?UTF-8?B?7ZWc6riA?=!")).isEqualTo("Re:한글!");
	}

	@Test
	void leavesMalformedWordsAsTheyAre() {
		assertThat(EncodedWords.decode("=?UTF-8?B?!!!?=")).isEqualTo("=?UTF-8?B?!!!?=");
		assertThat(EncodedWords.decode("=?UTF-8?Q?ok?= =?UTF-8?B?@@?=")).isEqualTo("ok =?UTF-8?B?@@?=");
		assertThat(EncodedWords.decode("=?UTF-8?X?abc?=")).isEqualTo("=?UTF-8?X?abc?=");
	}

	@Test
	void guessesUnknownCharsets() {
		assertThat(EncodedWords.decode("=?x-unknown?B?7ZWc6riA?=")).isEqualTo("한글");
		assertThat(EncodedWords.decode("=?x-unknown?B?jGM=?=")).isEqualTo("똠");
	}

	@Test
	void decodesAdjacentWordsInDifferentCharsetsSeparately() {
		assertThat(EncodedWords.decode("=?UTF-8?B?7ZWc?= =?ISO-8859-1?Q?caf=E9?=")).isEqualTo("한café");
	}

	@Test
	void ignoresRfc2231LanguageSuffix() {
		assertThat(EncodedWords.decode("=?UTF-8*ko?B?7ZWc6riA?=")).isEqualTo("한글");
	}

	@Test
	void decodesQEncodingUnderscoreAndHex() {
		assertThat(EncodedWords.decode("=?ks_c_5601-1987?Q?=8Cc_=3F?=")).isEqualTo("똠 ?");
	}

	@Test
	void passesPlainValuesThrough() {
		assertThat(EncodedWords.decode(null)).isNull();
		assertThat(EncodedWords.decode("plain = text ?")).isEqualTo("plain = text ?");
	}

}
