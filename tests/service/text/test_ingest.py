"""Uploads in the shapes newsrooms produce: encodings, legacy fonts, Word files, pasted HTML."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from service.text.ingest import ArticleInputError, read_upload
from service.text.legacy import TCVN3

SENTENCE = "Hôm nay, đồng chí Bùi Thị Thúy dự lễ khai giảng ở xã Thượng Kiệm, huyện Kim Sơn."
LIMIT = 1_000_000


def to_tcvn3(text: str) -> bytes:
    back = {v: k for k, v in TCVN3.items()}
    return "".join(back.get(ch, ch) for ch in text).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 stores â, ê, ô, ơ, ư, ă, đ precomposed and the tone as a combining mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


VNI = "Hoâm nay, ñoàng chí Buøi Thò Thuùy döï leã khai giaûng ôû xaõ Thöôïng Kieäm, huyeän Kim Sôn."


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8 with BOM"),
        (SENTENCE.encode("utf-16"), "utf-16 with BOM"),
        (SENTENCE.encode("utf-16-le"), "utf-16 without BOM"),
        (to_cp1258(SENTENCE), "windows-1258"),
        (to_tcvn3(SENTENCE), "tcvn3 bytes"),
        (to_tcvn3(SENTENCE).decode("latin-1").encode("utf-8"), "tcvn3 pasted into unicode"),
        (VNI.encode("cp1252"), "vni bytes"),
        (VNI.encode("utf-8"), "vni pasted into unicode"),
        (unicodedata.normalize("NFD", SENTENCE).encode("utf-8"), "decomposed unicode"),
        ("Hôm nay, đồng chí Bùi Thị Thuý dự lễ khai giảng ở xã Thượng Kiệm, huyện Kim Sơn.".encode(), "old tones"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_text_in_any_encoding_becomes_the_same_unicode(data: bytes, name: str) -> None:
    assert read_upload(data, filename="bai.txt", max_bytes=LIMIT) == SENTENCE, name


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_are_kept() -> None:
    data = make_docx(["Tiêu đề bản tin", "", SENTENCE])
    text = read_upload(data, filename="bai.docx", max_bytes=LIMIT)
    assert [line for line in text.splitlines() if line.strip()] == ["Tiêu đề bản tin", SENTENCE]


def test_html_keeps_text_drops_markup() -> None:
    html = (f"<html><head><style>p{{color:red}}</style><script>alert(1)</script></head><body>"
            f"<h1>Tiêu đề</h1><div class='share'>Chia sẻ</div><p>{SENTENCE}</p><p>Dòng một<br>Dòng hai</p>"
            f"</body></html>")
    text = read_upload(html.encode(), filename="bai.html", max_bytes=LIMIT)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["Tiêu đề", "Chia sẻ", SENTENCE, "Dòng một", "Dòng hai"]


def test_html_pasted_as_text_is_recognised() -> None:
    text = read_upload(f"<p>{SENTENCE}</p><p>Câu hai.</p>".encode(), filename="paste.txt", max_bytes=LIMIT)
    assert [line for line in text.splitlines() if line.strip()] == [SENTENCE, "Câu hai."]


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 60_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "status"),
    [
        (b"", "a.txt", 422),
        (b"   \n\n \t", "a.txt", 422),
        (b"12345 67890", "a.txt", 422),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "a.txt", 415),
        (b"%PDF-1.7", "a.pdf", 422),
        (b"hello", "a.exe", 415),
        (b"PK\x03\x04garbage", "a.docx", 422),
        (zip_bomb(), "a.docx", 413),
        (b"x" * (LIMIT + 1), "a.txt", 413),
    ],
    ids=["empty", "whitespace", "no-words", "png-named-txt", "broken-pdf", "exe", "broken-docx", "zip-bomb",
         "too-large"],
)
def test_bad_uploads_are_refused_clearly(data: bytes, filename: str, status: int) -> None:
    with pytest.raises(ArticleInputError) as caught:
        read_upload(data, filename=filename, max_bytes=LIMIT)
    assert caught.value.status == status
    assert caught.value.message
