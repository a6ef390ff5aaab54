package dev.mailroom.mime;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CharsetsTests {

	@ParameterizedTest
	@ValueSource(strings = { "ks_c_5601-1987", "KS_C_5601-1987", "ks_c_5601", "ksc5601", "cp949", "CP949", "ms949",
			"windows-949", "euc-kr", "EUC-KR", "\"euc-kr\"", " x-windows-949 " })
	void mapsKoreanLabelsToWindows949(String label) {
		assertThat(Charsets.forLabel(label).name()).isEqualTo("x-windows-949");
	}

	@Test
	void decodesSyllablesOnlyWindows949Has() {
		byte[] bytes = { (byte) 0x8c, 0x63, ' ', (byte) 0x94, (byte) 0xee, ' ', (byte) 0x97, (byte) 0xcd };
		assertThat(new String(bytes, Charsets.forLabel("ks_c_5601-1987"))).isEqualTo("똠 뷁 쀍");
	}

	@Test
	void returnsNullForUnknownOrMissingLabels() {
		assertThat(Charsets.forLabel("x-unknown")).isNull();
		assertThat(Charsets.forLabel("not a charset!")).isNull();
		assertThat(Charsets.forLabel("")).isNull();
		assertThat(Charsets.forLabel(null)).isNull();
	}

	@Test
	void findsOtherCharsetsByTheirJavaNames() {
		assertThat(Charsets.forLabel("utf8")).isEqualTo(StandardCharsets.UTF_8);
		assertThat(Charsets.forLabel("UTF-8")).isEqualTo(StandardCharsets.UTF_8);
		assertThat(Charsets.forLabel("iso-2022-kr").name()).isEqualTo("ISO-2022-KR");
		assertThat(Charsets.forLabel("windows-1252").name()).isEqualTo("windows-1252");
		assertThat(Charsets.forLabel("iso-8859-15").name()).isEqualTo("ISO-8859-15");
	}

	@Test
	void sniffsUndeclaredText() {
		byte[] utf8 = "한글".getBytes(StandardCharsets.UTF_8);
		assertThat(Charsets.sniff(utf8, utf8.length, true)).isEqualTo(StandardCharsets.UTF_8);
		// The sample may end inside a UTF-8 sequence when it is not the whole text.
		assertThat(Charsets.sniff(utf8, 4, false)).isEqualTo(StandardCharsets.UTF_8);
		assertThat(Charsets.sniff(utf8, 4, true).name()).isEqualTo("x-windows-949");
		byte[] cp949 = { (byte) 0x8c, 0x63 };
		assertThat(Charsets.sniff(cp949, 2, true).name()).isEqualTo("x-windows-949");
	}

}
