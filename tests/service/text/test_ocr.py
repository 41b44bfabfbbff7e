"""Photos and scans of a commune notice, read by tesseract's Vietnamese model: the page is drawn by Chromium from
the text below, photographed (screenshot), then read back; a scanned PDF is that picture wrapped in a PDF."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.text import ocr
from service.text.ingest import ArticleInputError, read_upload
from service.text.script import build_script
from tests.conftest import Accounts, article_count

LIMIT = 2_000_000
CHROMIUM = "/usr/bin/chromium"
BODY = ("Ủy ban nhân dân xã Hòa Bình thông báo đến toàn thể nhân dân trong xã được biết: ngày 05 tháng 12 năm 2026, "
        "Trạm Y tế xã tổ chức tiêm vắc xin sởi cho trẻ em từ 1 đến 5 tuổi.")
CLOSING = "Đề nghị các gia đình đưa trẻ đến Trạm Y tế xã đúng giờ và mang theo sổ tiêm chủng."
NOTICE = f"""<html><body style="font-family: serif; font-size: 22px; width: 900px; padding: 40px; background: #fff">
<table style="width: 100%; font-size: 20px; text-align: center">
<tr><td><b>ỦY BAN NHÂN DÂN<br>XÃ HÒA BÌNH</b></td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b></td></tr>
<tr><td>Số: 52/TB-UBND</td><td><i>Hòa Bình, ngày 02 tháng 12 năm 2026</i></td></tr></table>
<p style="text-align: center"><b>THÔNG BÁO<br>Về việc tổ chức tiêm vắc xin sởi cho trẻ em</b></p>
<p>{BODY}</p><p>{CLOSING}</p>
<p style="margin-left: 500px; text-align: center"><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b><br><br>
<b>Nguyễn Văn Bình</b></p></body></html>"""


def _require(found: bool, what: str) -> None:
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing; .ci/run installs it")
        pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def photo() -> bytes:
    _require(Path(CHROMIUM).exists(), "Debian's chromium")
    _require(ocr.has_vietnamese("tesseract"), "tesseract with Vietnamese (tesseract-ocr-vie)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 980, "height": 800})
        page.set_content(NOTICE)
        shot = page.screenshot(full_page=True, type="jpeg", quality=85)  # what a phone sends: a JPEG
        browser.close()
    return shot


@pytest.fixture(scope="module")
def scan(photo: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(photo)).convert("L").save(out, "PDF", resolution=150)
    return out.getvalue()


def _words(text: str) -> list[str]:
    return [w.strip(".,:;()") for w in text.split() if w.strip(".,:;()")]


def _check_notice(text: str) -> None:
    got = set(_words(text))
    expected = _words(BODY + " " + CLOSING)
    recalled = sum(w in got for w in expected) / len(expected)
    assert recalled >= 0.95, (recalled, text)
    script = build_script(text)
    read = [(s.role, s.text) for s in script.segments]
    assert read[0][0] == "title" and read[0][1].startswith("THÔNG BÁO"), read
    assert read[-1] == ("byline", "Nguyễn Văn Bình"), read
    spoken = " ".join(t for _, t in read)
    for unread in ("CỘNG HÒA", "Độc lập", "Số: 52", "TM.", "CHỦ TỊCH"):
        assert unread not in spoken, (unread, read)
    assert any(t.startswith("Ủy ban nhân dân xã Hòa Bình thông báo") for _, t in read), read


def test_a_photo_of_a_notice_is_read_in_order_with_its_frame_left_out(photo: bytes) -> None:
    _check_notice(read_upload(photo, filename="thong-bao.jpg", max_bytes=LIMIT))


def test_a_photo_is_recognised_by_its_content_type(photo: bytes) -> None:
    _check_notice(read_upload(photo, filename=None, content_type="image/jpeg", max_bytes=LIMIT))


def test_a_scanned_pdf_is_read_by_ocr(scan: bytes) -> None:
    _check_notice(read_upload(scan, filename="thong-bao.pdf", max_bytes=LIMIT))


@pytest.mark.parametrize("name", ["thong-bao.jpg", "thong-bao.pdf"])
def test_without_vietnamese_ocr_the_message_says_what_to_install(name: str, photo: bytes, scan: bytes) -> None:
    data = photo if name.endswith(".jpg") else scan
    with pytest.raises(ArticleInputError) as caught:
        read_upload(data, filename=name, max_bytes=LIMIT, ocr_command="/nonexistent/tesseract")
    assert caught.value.status == 422
    assert "tesseract-ocr-vie" in caught.value.message


def test_a_damaged_image_is_refused_in_plain_words() -> None:
    _require(shutil.which("tesseract") is not None and ocr.has_vietnamese("tesseract"), "tesseract")
    with pytest.raises(ArticleInputError) as caught:
        read_upload(b"\xff\xd8\xff\xe0 not really a jpeg", filename="anh.jpg", max_bytes=LIMIT)
    assert caught.value.status == 422
    assert "Không đọc được ảnh" in caught.value.message


def test_ocr_specks_between_words_are_dropped() -> None:
    assert ocr.tidy("nhân dân trong : xã được biết: ngày 05\f\n\n\n\nTrang 2") == \
        "nhân dân trong xã được biết: ngày 05\n\nTrang 2\n"


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


def test_staff_upload_a_photo_and_get_a_script(client: TestClient, photo: bytes) -> None:
    response = client.post("/api/v1/articles", files={"file": ("thong-bao.jpg", photo, "image/jpeg")})
    assert response.status_code == 201, response.text
    roles = [s["role"] for s in response.json()["script"]["segments"]]
    assert roles[0] == "title" and roles[-1] == "byline"
    assert article_count() == 1


def test_a_photo_without_ocr_here_is_422_and_nothing_is_stored(client: TestClient, photo: bytes,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from service.settings import get_settings

    monkeypatch.setenv("BANTIN_OCR_COMMAND", "/nonexistent/tesseract")
    get_settings.cache_clear()
    response = client.post("/api/v1/articles", files={"file": ("thong-bao.jpg", photo, "image/jpeg")})
    assert response.status_code == 422
    assert "tesseract-ocr-vie" in response.json()["detail"]
    assert article_count() == 0
