"""Bytes as staff upload them (plain text in any common encoding, .docx, PDF, HTML, and scans and photos where
OCR is installed) to clean Unicode text."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.text import ocr
from service.text.legacy import decode_legacy, fix_legacy_text
from service.text.repair import prepare


class ArticleInputError(ValueError):
    """The upload cannot become an article; status is the HTTP status that says so."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


TEXT_TYPES = {".txt", ".text", ""}
HTML_TYPES = {".html", ".htm"}
DOCX_TYPES = {".docx"}
PDF_TYPES = {".pdf"}
_MAX_DOCX_UNPACKED = 50_000_000  # a .docx that unpacks past this is a zip bomb, not an article


def decode_bytes(data: bytes) -> str:
    """Decode plain text: BOMs first, then UTF-8, UTF-16 without BOM, then legacy Vietnamese encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) >= 4 and data.count(0) * 3 >= len(data):
        # Mostly NUL bytes: UTF-16 without a BOM; the NULs sit in odd places for little-endian.
        little = data[1::2].count(0) >= data[0::2].count(0)
        return data.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    return decode_legacy(data)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"MZ")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(0) * 3 >= len(head)):
        return False  # UTF-16 text carries NULs by design
    return b"\x00" in head


def html_to_text(html: str) -> str:
    """Visible text of pasted HTML: one paragraph per block element or <br>, scripts and styles dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "iframe", "svg", "button", "form"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
              "article", "figcaption", "header", "footer", "pre", "dd", "dt", "td", "th", "caption")
    for block in soup.find_all(blocks):
        block.insert_before("\n")
        block.insert_after("\n")
    text = soup.get_text()
    return re.sub(r"\n\s*\n+", "\n\n", text)


def docx_to_text(data: bytes) -> str:
    """Paragraph text of a Word document, refusing broken packages and zip bombs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ArticleInputError("Tệp .docx bị hỏng: không phải là gói Word hợp lệ (not a valid .docx).") from exc
    if "word/document.xml" not in names:
        raise ArticleInputError("Tệp .docx không có nội dung văn bản (word/document.xml is missing).")
    if unpacked > _MAX_DOCX_UNPACKED:
        raise ArticleInputError("Tệp .docx giải nén quá lớn (the .docx unpacks to more than 50 MB).", 413)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise ArticleInputError(f"Tệp .docx bị hỏng (cannot read the .docx: {exc}).") from exc
    return "\n".join(_docx_lines(document))


def _docx_lines(document: Any) -> Iterator[str]:
    """Paragraphs and tables in reading order. A table row becomes lines whose cells are joined by a tab, the
    shape a table takes when pasted from Word: a two-column header or signature table reads across."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[Any] = []
                for cell in row.cells:
                    if not cells or cell._tc is not cells[-1]._tc:  # a merged cell is listed once per column
                        cells.append(cell)
                columns = [[line for p in cell.paragraphs for line in p.text.split("\n") if line.strip()]
                           for cell in cells]
                for depth in range(max((len(c) for c in columns), default=0)):
                    yield "\t".join(c[depth] if depth < len(c) else "" for c in columns).rstrip("\t")
            yield ""


def pdf_to_text(data: bytes, *, ocr_command: str = "tesseract") -> str:
    """The text layer of a PDF, page by page; a scan without one is read by OCR where it is installed, and
    refused with what would read it where it is not."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ArticleInputError(f"Tệp PDF bị hỏng (cannot read the PDF: {exc}).") from exc
    text = "\n".join(pages)
    if re.search(r"[^\W\d_]{2}", text):
        return text
    scans = _page_images(reader)
    if not scans:
        raise ArticleInputError("Tệp PDF không có lớp chữ và không có ảnh trang nào để nhận dạng "
                                "(the PDF has neither a text layer nor page images).")
    try:
        return ocr.pages_to_text(scans, command=ocr_command)
    except ocr.OcrError as exc:
        raise ArticleInputError(
            "Tệp PDF không có lớp chữ: có thể là bản quét. Hãy gửi bản Word hoặc dán văn bản; để đọc bản quét, "
            f"{exc}"
        ) from exc


def _page_images(reader: Any) -> list[bytes]:
    """The largest image of each page: a scanner puts one picture of the sheet on each page."""
    from pypdf.errors import PdfReadError

    found = []
    for page in reader.pages[: ocr.MAX_PAGES + 1]:
        try:
            images = list(page.images)
        except (PdfReadError, ValueError, KeyError, TypeError, OSError):
            continue
        if images:
            found.append(max(images, key=lambda image: len(image.data)).data)
    return found


def image_to_text(data: bytes, *, ocr_command: str = "tesseract") -> str:
    try:
        return ocr.image_to_text(data, command=ocr_command)
    except ocr.OcrError as exc:
        raise ArticleInputError(f"Tệp là ảnh chụp văn bản: {exc}") from exc


@dataclass
class Extracted:
    """The article inside a web page, with what the page says of it."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def extract_page(html: str) -> Extracted:
    """Main content of a web page (trafilatura): menus, share bars, related links and footers left out.
    The headline opens the text and the author closes it, where the page names them, so both get a voice."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True, include_comments=False,
                                      include_tables=True, include_images=False, deduplicate=True)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:  # a fragment (pasted HTML) has no page around it to extract from
        return Extracted(html_to_text(html))
    title, author = (getattr(doc, "title", None) or None), (getattr(doc, "author", None) or None)
    lines = body.split("\n")
    if title and lines[0].strip() != title.strip():
        lines.insert(0, title)
    if author and len(author) <= 80 and lines[-1].strip() != author.strip():
        lines.append(author)
    return Extracted("\n\n".join(lines), title, author, getattr(doc, "date", None))


def suffix_of(filename: str | None, content_type: str | None) -> str:
    name = (filename or "").lower()
    if "." in name:
        return "." + name.rsplit(".", 1)[1]
    ctype = (content_type or "").split(";")[0].strip().lower()
    return {
        "text/html": ".html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
        "application/pdf": ".pdf",
        **ocr.IMAGE_CONTENT_TYPES,
    }.get(ctype, "")


def read_upload(data: bytes, *, filename: str | None = None, content_type: str | None = None,
                max_bytes: int, ocr_command: str = "tesseract") -> str:
    """The article text inside an uploaded file, or a clear ArticleInputError."""
    if len(data) > max_bytes:
        raise ArticleInputError(f"Bài viết quá dài: tối đa {max_bytes} byte (the article is too large).", 413)
    suffix = suffix_of(filename, content_type)
    if suffix in DOCX_TYPES:
        text = docx_to_text(data)
    elif suffix in PDF_TYPES:
        text = pdf_to_text(data, ocr_command=ocr_command)
    elif suffix in ocr.IMAGE_TYPES:
        text = image_to_text(data, ocr_command=ocr_command)
    elif suffix in HTML_TYPES:
        text = extract_page(decode_bytes(data)).text
    elif suffix in TEXT_TYPES:
        if looks_binary(data):
            raise ArticleInputError("Tệp không phải văn bản (the file is binary, not text).", 415)
        text = decode_bytes(data)
        if re.search(r"<(p|div|br|html|body|span)\b[^>]*>", text[:5000], re.I):
            text = extract_page(text).text
    else:
        raise ArticleInputError(
            f"Không hỗ trợ loại tệp {suffix} (unsupported file type; use .txt, .docx, .pdf, .html or a photo).",
            415,
        )
    return check_text(text, max_bytes=max_bytes)


def check_text(text: str, *, max_bytes: int) -> str:
    """Refuse empty and oversized text; return it prepared (NFC, one tone placement, no controls)."""
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        raise ArticleInputError(f"Bài viết quá dài: tối đa {max_bytes} byte (the article is too large).", 413)
    text = prepare(fix_legacy_text(text))
    if not text.strip():
        raise ArticleInputError("Bài viết trống (the article has no text).")
    if not re.search(r"[^\W\d_]", text):
        raise ArticleInputError("Bài viết không có chữ để đọc (the article has no words to read).")
    return text
