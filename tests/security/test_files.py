"""Hostile files and names: zip bombs, files that lie about their type, path traversal, and uploads over
the limit refused before they are read whole."""

from __future__ import annotations

import io
import socket
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.db import session_scope
from service.models import TemplateFile
from service.settings import get_settings
from service.text.ingest import ArticleInputError, read_upload
from tests.conftest import Accounts, Processes, article_count
from tests.service.api.test_templates import tone_wav

DOCUMENT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '{body}</w:body></w:document>')
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(document: str | bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_a_real_docx_is_read() -> None:
    text = read_upload(docx(DOCUMENT.format(body=paragraph("Tin xã Yên Lộc") + paragraph("Bà con ra quân."))),
                       filename="bai.docx", max_bytes=1_000_000)
    assert "Tin xã Yên Lộc" in text and "Bà con ra quân." in text


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = docx(DOCUMENT.format(body=paragraph("a" * 60_000_000)))  # 60 MB of text in well under 1 MB
    assert len(bomb) < 1_000_000
    with pytest.raises(ArticleInputError) as refused:
        read_upload(bomb, filename="bai.docx", max_bytes=1_000_000)
    assert refused.value.status == 413 and "50 MB" in refused.value.message


def test_a_zip_that_lies_about_its_sizes_is_refused() -> None:
    """Sizes in the zip directory claim 200 bytes; the data inflates to far more. zipfile reads no more
    than the claimed size and the CRC no longer matches: a damaged file, said plainly."""
    data = bytearray(docx(DOCUMENT.format(body=paragraph("b" * 5_000_000))))
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            header = 30 if signature == b"PK\x03\x04" else 46
            name_len = struct.unpack_from("<H", data, at + (26 if header == 30 else 28))[0]
            if bytes(data[at + header: at + header + name_len]) == name:
                struct.pack_into("<I", data, at + size_at, 200)
            at += 4
    with pytest.raises(ArticleInputError) as refused:
        read_upload(bytes(data), filename="bai.docx", max_bytes=1_000_000)
    assert ".docx" in refused.value.message


def test_an_xml_entity_bomb_expands_nothing() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              + paragraph("Tin &lol9; hết") + "</w:body></w:document>")
    try:
        text = read_upload(docx(laughs), filename="bai.docx", max_bytes=1_000_000)
    except ArticleInputError as refused:
        assert refused.message
    else:
        assert len(text) < 1000  # the entity was not expanded a billion times


@pytest.mark.parametrize(("data", "filename", "status"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "bai.txt", 415),   # an image calling itself text
    (b"MZ\x90\x00" + bytes(4000), "bai.txt", 415),                      # a Windows program
    ("Tin xã Yên Lộc\n\nBà con ra quân.".encode(), "bai.docx", 422),    # text calling itself Word
    (b"PK\x03\x04" + bytes(100), "bai.docx", 422),                      # a broken zip
    (docx(b"<w:document>"), "bai.docx", 422),                           # Word with broken XML
    (b"%PDF-1.7\n" + bytes(1000), "bai.pdf", 422),                      # a PDF with nothing readable in it
])
def test_files_that_lie_about_their_type(data: bytes, filename: str, status: int) -> None:
    with pytest.raises(ArticleInputError) as refused:
        read_upload(data, filename=filename, max_bytes=1_000_000)
    assert refused.value.status == status and refused.value.message


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/x",
                                     "/etc/passwd", "a\\..\\..\\b", "....//....//x", "%00", "x" * 300])
def test_path_traversal_in_ids_finds_nothing(client: TestClient, hostile: str) -> None:
    for path in ("/api/v1/articles/{}", "/api/v1/jobs/{}", "/api/v1/programmes/{}/audio",
                 "/api/v1/relay/programmes/{}/audio", "/api/v1/templates/files/{}", "/api/v1/lexicon/{}",
                 "/api/v1/feeds/{}/podcast.rss", "/api/v1/feeds/x/programmes/{}.mp3"):
        reply = client.get(path.format(quote(hostile, safe="%/")))
        assert reply.status_code in (404, 405, 422), (path, hostile, reply.status_code)
        if reply.status_code != 405:
            assert reply.json()["detail"]


@pytest.mark.parametrize("name", ["../../evil", "..", "house/../x", "A B", "x" * 80, ".hidden"])
def test_template_names_cannot_leave_their_folder(client: TestClient, name: str) -> None:
    reply = client.post(f"/api/v1/templates/{quote(name, safe='')}/intro",
                        files={"file": ("i.wav", tone_wav(2.0), "audio/wav")})
    assert reply.status_code in (404, 422) and reply.json()["detail"]


def test_an_upload_filename_never_becomes_a_path(client: TestClient) -> None:
    audio = get_settings().audio_root
    reply = client.post("/api/v1/templates/kim-son/intro",
                        files={"file": ("../../../../../../tmp/bantin-pwned.wav", tone_wav(2.0), "audio/wav")})
    assert reply.status_code == 202, reply.text
    with session_scope() as session:
        record = session.scalar(select(TemplateFile))
        assert record is not None and record.upload_key.startswith("uploads/templates/")
    assert not Path("/tmp/bantin-pwned.wav").exists()
    assert all(audio in p.resolve().parents for p in audio.rglob("*"))


def _raw_request(base: str, head: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.sendall(head.encode())
    return sock


@pytest.mark.slow
def test_uploads_over_the_limit_are_refused_before_they_are_read(processes: Processes, accounts: Accounts) -> None:
    processes.env["BANTIN_MAX_ARTICLE_BYTES"] = "100000"
    base = processes.api()
    token = accounts.tokens["editor"]
    before = article_count()

    # Declares 2 GB and sends none of it: the answer comes at once, from the headers alone.
    sock = _raw_request(base, f"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                              "Content-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n")
    answer = sock.recv(4096).decode(errors="replace")
    sock.close()
    assert answer.startswith("HTTP/1.1 413") and "application/json" in answer

    # No length declared (chunked): the server stops at the cap; the client is cut off, not read to the end.
    sock = _raw_request(base, f"POST /api/v1/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                              "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b'{"text": "' + b"a" * 65_536
    sent, answer = 0, ""
    try:
        while sent < 50_000_000:
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sent += len(chunk)
            sock.settimeout(0.001)
            try:
                answer = sock.recv(4096).decode(errors="replace")
            except (TimeoutError, BlockingIOError):
                continue
            finally:
                sock.settimeout(30)
            if answer:
                break
    except (BrokenPipeError, ConnectionResetError):
        pass
    sock.close()
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    # Refused near the cap, not after 50 MB. What the client counts as sent includes what the kernel's socket
    # buffers took before the server's answer arrived (about a megabyte when the machine is busy).
    assert sent < 40 * 100_000
    assert article_count() == before  # nothing half-made was stored
