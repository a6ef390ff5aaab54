#!/usr/bin/env python3
"""Writes the MIME test corpus (corpus/*.eml) with the real legacy-charset bytes.

The .eml files are committed; this script documents how they were made. Run from this
directory: python3 generate_corpus.py
"""
import base64
import quopri
import random
import urllib.parse

CRLF = b"\r\n"
OUT = "corpus/"


def b_word(text, charset, codec=None):
    data = text.encode(codec or charset)
    return "=?%s?B?%s?=" % (charset, base64.b64encode(data).decode("ascii"))


def q_word(text, charset, codec=None):
    data = text.encode(codec or charset)
    out = []
    for byte in data:
        ch = chr(byte)
        if ch == " ":
            out.append("_")
        elif ch.isalnum() and byte < 128:
            out.append(ch)
        else:
            out.append("=%02X" % byte)
    return "=?%s?Q?%s?=" % (charset, "".join(out))


def b64_body(data):
    encoded = base64.b64encode(data).decode("ascii")
    return "\r\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76)).encode("ascii") + CRLF


def qp_body(data):
    return quopri.encodestring(data).replace(b"\r\n", b"\n").replace(b"\n", CRLF)


def message(headers, body):
    """headers: list of str or bytes lines; body: bytes"""
    lines = []
    for h in headers:
        lines.append(h if isinstance(h, bytes) else h.encode("ascii"))
    return CRLF.join(lines) + CRLF + CRLF + body


def write(name, data):
    with open(OUT + name, "wb") as f:
        f.write(data)


COMMON = [
    "From: =?UTF-8?B?%s?= <sender@example.com>" % base64.b64encode("보낸사람".encode()).decode(),
    "To: recipient@example.com",
    "Date: Mon, 3 Jun 2024 14:05:09 +0900",
    "MIME-Version: 1.0",
]

# UTF-8 subject B-encoded, base64 body
write("utf8-b-subject-base64-body.eml", message(COMMON + [
    "Subject: " + b_word("회의 일정 안내", "UTF-8"),
    "Message-ID: <utf8-b@example.com>",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
], b64_body("안녕하세요.\n다음 주 월요일 오전 10시에 회의가 있습니다.\n".encode())))

# UTF-8 subject Q-encoded, quoted-printable body
write("utf8-q-subject-qp-body.eml", message(COMMON + [
    "Subject: " + q_word("견적 요청 드립니다", "UTF-8"),
    "Content-Type: text/plain; charset=\"utf-8\"",
    "Content-Transfer-Encoding: quoted-printable",
], qp_body("견적서를 보내 주시면 감사하겠습니다.\n잘 부탁드립니다.\n".encode())))

# EUC-KR, quoted-printable
write("euckr-qp.eml", message(COMMON + [
    "Subject: " + q_word("주간 보고", "EUC-KR"),
    "Content-Type: text/plain; charset=euc-kr",
    "Content-Transfer-Encoding: quoted-printable",
], qp_body("이번 주 진행 상황을 보고드립니다.\n".encode("euc-kr"))))

# EUC-KR, base64
write("euckr-base64.eml", message(COMMON + [
    "Subject: " + b_word("월간 소식지 6월호", "EUC-KR"),
    "Content-Type: text/plain; charset=EUC-KR",
    "Content-Transfer-Encoding: base64",
], b64_body("6월 소식을 전해 드립니다.\n".encode("euc-kr"))))

# ks_c_5601-1987 label with syllables only CP949 has (똠, 뷁, 쀍)
write("ksc5601-cp949-only-syllables.eml", message(COMMON + [
    "Subject: " + b_word("똠방각하 뷁 쀍", "ks_c_5601-1987", "cp949"),
    "Content-Type: text/plain; charset=\"ks_c_5601-1987\"",
    "Content-Transfer-Encoding: base64",
], b64_body("똠양꿍 맛집에서 뷁! 쀍?\n".encode("cp949"))))

# cp949 label, 8bit body
write("cp949-label-8bit.eml", message(COMMON + [
    "Subject: " + q_word("똠 방문 일정", "cp949"),
    "Content-Type: text/plain; charset=cp949",
    "Content-Transfer-Encoding: 8bit",
], "똠 씨의 방문 일정입니다.\r\n".encode("cp949")))

# ISO-2022-KR body, 7bit with ESC $ ) C and SO/SI
iso2022 = "안녕하세요. ISO-2022-KR 본문입니다.\n두 번째 줄.\n".encode("iso2022_kr").replace(b"\n", CRLF)
assert b"\x1b$)C" in iso2022 and b"\x0e" in iso2022 and b"\x0f" in iso2022
write("iso2022kr-body.eml", message(COMMON + [
    "Subject: " + b_word("ISO-2022-KR 메일", "ISO-2022-KR", "iso2022_kr"),
    "Content-Type: text/plain; charset=ISO-2022-KR",
    "Content-Transfer-Encoding: 7bit",
], iso2022))

# Raw unencoded 8-bit UTF-8 subject and From name
write("raw-utf8-subject.eml", message([
    "From: ".encode() + "홍길동".encode() + b" <hong@example.com>",
    "To: recipient@example.com",
    "Subject: ".encode() + "인코딩 안 된 제목".encode(),
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
], "본문\r\n".encode()))

# Raw unencoded 8-bit CP949 subject
write("raw-cp949-subject.eml", message([
    b"From: " + "홍길동".encode("cp949") + b" <hong@example.co.kr>",
    "To: recipient@example.com",
    b"Subject: " + "똠 뷁 제목".encode("cp949"),
    "Content-Type: text/plain; charset=ks_c_5601-1987",
    "Content-Transfer-Encoding: 8bit",
], "본문입니다\r\n".encode("cp949")))


def split_b_words(text, charset, codec, chunk):
    data = text.encode(codec)
    return [("=?%s?B?%s?=" % (charset, base64.b64encode(data[i:i + chunk]).decode()))
            for i in range(0, len(data), chunk)]


# A multi-byte character split across adjacent encoded words
utf8_words = split_b_words("분할된 한글 제목입니다", "UTF-8", "utf-8", 5)
euckr_words = split_b_words("분할된 한글 제목", "EUC-KR", "euc-kr", 3)
write("split-multibyte-utf8.eml", message(COMMON + [
    "Subject: " + "\r\n ".join(utf8_words),
    "Content-Type: text/plain; charset=utf-8",
], b"body\r\n"))
write("split-multibyte-euckr.eml", message(COMMON + [
    "Subject: " + " ".join(euckr_words),
    "Content-Type: text/plain; charset=euc-kr",
], b"body\r\n"))

# Korean display names: encoded word, encoded word in quotes, comma in quotes, group
write("korean-display-names.eml", message([
    "From: " + b_word("김철수", "UTF-8") + " <chulsoo.kim@example.com>",
    "To: \"" + b_word("이영희", "EUC-KR") + "\" <younghee@example.co.kr>, \"Park, Jisoo\" <park@example.com>",
    "Cc: " + q_word("최 팀장", "UTF-8") + " <choi@example.com>,",
    "  dev-team: a@example.com, " + b_word("비", "UTF-8") + " <b@example.com>;,",
    "  broken entry without address, jung@example.com (정 대리)".encode(),
    "Reply-To: <reply@example.com>",
    "Subject: names",
    "Date: 3 Jun 24 14:05 KST",
    "Message-ID: <names@example.com>",
    "In-Reply-To: <parent@example.com> (sent earlier)",
    "References: <root@example.com>\r\n <parent@example.com>",
    "Content-Type: text/plain; charset=utf-8",
], b"hello\r\n"))

# multipart/alternative
write("alternative-text-html.eml", message(COMMON + [
    "Subject: " + b_word("뉴스레터", "UTF-8"),
    "Content-Type: multipart/alternative; boundary=\"alt-1\"",
], CRLF.join([
    b"This is a multi-part message in MIME format.",
    b"--alt-1",
    b"Content-Type: text/plain; charset=UTF-8",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body("텍스트 본문입니다.   여러   공백.\n".encode()).rstrip(),
    b"--alt-1",
    b"Content-Type: text/html; charset=UTF-8",
    b"Content-Transfer-Encoding: quoted-printable",
    b"",
    qp_body("<html><body><p>HTML 본문입니다.</p></body></html>\n".encode()).rstrip(),
    b"--alt-1--",
    b"",
])))

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# multipart/mixed with a PDF named by RFC 2231
write("mixed-pdf-rfc2231.eml", message(COMMON + [
    "Subject: " + b_word("보고서 첨부", "UTF-8"),
    "Content-Type: multipart/mixed; boundary=\"mixed-1\"",
], CRLF.join([
    b"--mixed-1",
    b"Content-Type: text/plain; charset=UTF-8",
    b"Content-Transfer-Encoding: 8bit",
    b"",
    "보고서를 첨부합니다.".encode(),
    b"--mixed-1",
    b"Content-Type: application/pdf; name*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf",
    b"Content-Disposition: attachment;",
    b" filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body(PDF).rstrip(),
    b"--mixed-1--",
    b"",
])))

# RFC 2231 continuations in EUC-KR
name_bytes = "2024년 예산안 최종".encode("euc-kr")
pct = urllib.parse.quote_from_bytes(name_bytes, safe="")
write("rfc2231-continuations.eml", message(COMMON + [
    "Subject: continuations",
    "Content-Type: multipart/mixed; boundary=\"b2231\"",
], CRLF.join([
    b"--b2231",
    b"Content-Type: text/plain; charset=us-ascii",
    b"",
    b"See attached.",
    b"--b2231",
    b"Content-Type: application/vnd.ms-excel",
    b"Content-Disposition: attachment;",
    # "2024" is 4 characters, then each %XX is one byte: the cut falls inside the
    # two bytes of 예, which RFC 2231 allows since segments are joined as bytes.
    ("\tfilename*0*=euc-kr''%s;" % pct[:4 + 3 * 4]).encode(),
    ("\tfilename*1*=%s;" % pct[4 + 3 * 4:]).encode(),
    b"\tfilename*2=\".xlsx\"",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body(b"PK\x03\x04 fake xlsx").rstrip(),
    b"--b2231--",
    b"",
])))

# Outlook style: RFC 2047 inside name= and filename=
outlook_name = b_word("견적서_똠.docx", "ks_c_5601-1987", "cp949")
write("outlook-rfc2047-name.eml", message(COMMON + [
    "Subject: " + b_word("견적서 송부", "ks_c_5601-1987", "cp949"),
    "Content-Type: multipart/mixed;",
    "\tboundary=\"----=_NextPart_000_0001_01DAB5C1.12345670\"",
], CRLF.join([
    b"This is a multipart message in MIME format.",
    b"",
    b"------=_NextPart_000_0001_01DAB5C1.12345670",
    b"Content-Type: text/plain;",
    b"\tcharset=\"ks_c_5601-1987\"",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body("견적서를 송부합니다.".encode("cp949")).rstrip(),
    b"",
    b"------=_NextPart_000_0001_01DAB5C1.12345670",
    b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;",
    ("\tname=\"%s\"" % outlook_name).encode(),
    b"Content-Transfer-Encoding: base64",
    b"Content-Disposition: attachment;",
    ("\tfilename=\"%s\"" % outlook_name).encode(),
    b"",
    b64_body(b"PK\x03\x04 fake docx").rstrip(),
    b"",
    b"------=_NextPart_000_0001_01DAB5C1.12345670--",
    b"",
])))

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

# multipart/related with an inline cid image
write("related-inline-image.eml", message(COMMON + [
    "Subject: " + b_word("로고 포함 메일", "UTF-8"),
    "Content-Type: multipart/related; type=\"multipart/alternative\"; boundary=\"rel\"",
], CRLF.join([
    b"--rel",
    b"Content-Type: multipart/alternative; boundary=\"alt\"",
    b"",
    b"--alt",
    b"Content-Type: text/plain; charset=utf-8",
    b"",
    "로고가 있는 메일".encode(),
    b"--alt",
    b"Content-Type: text/html; charset=utf-8",
    b"",
    "<p>로고가 있는 메일 <img src=\"cid:logo@mailroom\"></p>".encode(),
    b"--alt--",
    b"",
    b"--rel",
    b"Content-Type: image/png; name=\"logo.png\"",
    b"Content-Disposition: inline; filename=\"logo.png\"",
    b"Content-ID: <logo@mailroom>",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body(PNG).rstrip(),
    b"--rel--",
    b"",
])))

# Forwarded message (message/rfc822) with its own Korean subject
inner = message([
    "From: " + b_word("원작성자", "EUC-KR") + " <origin@example.co.kr>",
    "To: sender@example.com",
    "Subject: " + b_word("원본 메일 제목", "EUC-KR"),
    "Date: Fri, 31 May 2024 09:00:00 +0900",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"inner\"",
], CRLF.join([
    b"--inner",
    b"Content-Type: text/plain; charset=euc-kr",
    b"Content-Transfer-Encoding: base64",
    b"",
    b64_body("원본 메일 본문입니다.".encode("euc-kr")).rstrip(),
    b"--inner",
    b"Content-Type: text/csv; charset=utf-8; name=\"data.csv\"",
    b"Content-Disposition: attachment; filename=\"data.csv\"",
    b"",
    b"a,b",
    b"1,2",
    b"--inner--",
    b"",
]))
write("forwarded-rfc822.eml", message(COMMON + [
    "Subject: " + b_word("전달: 원본 메일 제목", "UTF-8"),
    "Content-Type: multipart/mixed; boundary=\"outer\"",
], CRLF.join([
    b"--outer",
    b"Content-Type: text/plain; charset=utf-8",
    b"",
    "전달합니다.".encode(),
    b"--outer",
    b"Content-Type: message/rfc822",
    b"Content-Disposition: inline",
    b"",
    inner,
    b"--outer--",
    b"",
])))

# HTML only, preview from HTML (style and script skipped)
write("html-only.eml", message(COMMON + [
    "Subject: " + b_word("HTML 전용", "UTF-8"),
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
], qp_body(("<html><head><title>제목</title><style>p { color: red; }</style>"
            "<script>var x = 1;</script></head><body><h1>공지사항</h1>\n"
            "<p>서버 점검이&nbsp;예정되어   있습니다.</p></body></html>\n").encode())))

# Latin-1 and Windows-1252
write("latin1.eml", message([
    "From: =?ISO-8859-1?Q?Ren=E9_Dupont?= <rene@example.fr>",
    "To: recipient@example.com",
    "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=",
    "Date: Tue, 4 Jun 2024 08:30:00 +0200",
    "Content-Type: text/plain; charset=ISO-8859-1",
    "Content-Transfer-Encoding: quoted-printable",
], qp_body("Très bien, à bientôt.\n".encode("latin-1"))))
write("windows1252.eml", message([
    "From: sender@example.com",
    "To: recipient@example.com",
    "Subject: =?windows-1252?Q?=93Quoted=94_price_=80100?=",
    "Content-Type: text/plain; charset=windows-1252",
    "Content-Transfer-Encoding: 8bit",
], "“Smart quotes” cost €5 – really.\r\n".encode("cp1252")))

# Japanese ISO-2022-JP subject
write("iso2022jp-subject.eml", message([
    "From: sender@example.jp",
    "To: recipient@example.com",
    "Subject: " + b_word("こんにちは世界", "ISO-2022-JP", "iso2022_jp"),
    "Content-Type: text/plain; charset=ISO-2022-JP",
    "Content-Transfer-Encoding: 7bit",
], "日本語の本文です。\r\n".encode("iso2022_jp")))

# ---- malformed ----

write("malformed-missing-closing-boundary.eml", message(COMMON + [
    "Subject: no closing boundary",
    "Content-Type: multipart/mixed; boundary=\"open\"",
], CRLF.join([
    b"--open",
    b"Content-Type: text/plain; charset=utf-8",
    b"",
    "첫 번째 파트".encode(),
    b"--open",
    b"Content-Type: application/octet-stream; name=\"a.bin\"",
    b"Content-Transfer-Encoding: base64",
    b"",
    b"AAECAwQ=",
    b"",
])))

write("malformed-boundary-never-present.eml", message(COMMON + [
    "Subject: boundary never present",
    "Content-Type: multipart/mixed; boundary=\"nowhere\"",
], b"Just some text, no parts at all.\r\n"))

write("malformed-missing-boundary-parameter.eml", message(COMMON + [
    "Subject: multipart without boundary",
    "Content-Type: multipart/mixed",
], b"Text of a multipart that forgot its boundary.\r\n"))

write("malformed-invalid-base64.eml", message(COMMON + [
    "Subject: invalid base64",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
], b"7JWI!!!64WV***7ZWY7IS47JqU\r\n"))

full_html = b64_body("<p>잘린 메시지의 HTML 본문입니다. 끝까지 오지 않습니다.</p>".encode())
write("malformed-truncated-mid-part.eml", message(COMMON + [
    "Subject: truncated",
    "Content-Type: multipart/alternative; boundary=\"cut\"",
], CRLF.join([
    b"--cut",
    b"Content-Type: text/plain; charset=utf-8",
    b"",
    "잘린 메시지".encode(),
    b"--cut",
    b"Content-Type: text/html; charset=utf-8",
    b"Content-Transfer-Encoding: base64",
    b"",
]) + full_html[:50]))

write("malformed-no-headers.eml", "헤더가 없는 메시지입니다.\r\n두 번째 줄.\r\n".encode())
write("malformed-empty.eml", b"")
rng = random.Random(20240603)
write("malformed-binary-garbage.eml", bytes(rng.randrange(256) for _ in range(4096)))

write("malformed-unknown-charset.eml", message(COMMON + [
    "Subject: " + b_word("알 수 없는 문자셋", "x-unknown", "cp949"),
    "Content-Type: text/plain; charset=x-unknown",
    "Content-Transfer-Encoding: 8bit",
], "알 수 없는 문자셋 본문\r\n".encode()))

write("malformed-missing-charset-utf8-body.eml", message(COMMON + [
    "Subject: no charset",
    "Content-Type: text/plain",
    "Content-Transfer-Encoding: 8bit",
], "문자셋 없는 UTF-8 본문\r\n".encode()))

write("malformed-missing-charset-cp949-body.eml", message(COMMON + [
    "Subject: no charset cp949",
    "Content-Transfer-Encoding: 8bit",
], "문자셋 없는 똠 본문\r\n".encode("cp949")))

long_subject = "Subject: " + "가" + "x" * (20000 - len("Subject: ") - 1)
assert len(long_subject) == 20000
write("malformed-long-header-line.eml", message(COMMON + [
    ("X-Long: " + "y" * 19992).encode(),
    long_subject.encode(),
    "Content-Type: text/plain; charset=utf-8",
], b"short body\r\n"))

nested = [b"--b0"]
depth = 1000
for level in range(1, depth):
    nested += [("Content-Type: multipart/mixed; boundary=\"b%d\"" % level).encode(), b"", ("--b%d" % level).encode()]
nested += [b"Content-Type: text/plain", b"", b"deep"]
for level in range(depth - 1, -1, -1):
    nested += [("--b%d--" % level).encode()]
write("malformed-nested-1000-multiparts.eml", message(COMMON + [
    "Subject: deep",
    "Content-Type: multipart/mixed; boundary=\"b0\"",
], CRLF.join(nested) + CRLF))
