"""Documents as stations receive them: PDF with and without a text layer, Word with tables, web pages, links."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from service.text.fetch import check_address, fetch
from service.text.ingest import ArticleInputError, read_upload
from service.text.script import build_script
from tests.conftest import DATA
from tests.fakes.web_pages import Page, Site, serve

DOCUMENTS = DATA / "documents"
LIMIT = 2_000_000


def roles(text: str) -> list[tuple[str, str]]:
    script = build_script(text)
    return [(s.role, s.text) for s in script.segments]


def test_pdf_notice_is_read_in_order_with_its_frame_left_out() -> None:
    text = read_upload((DOCUMENTS / "notice.pdf").read_bytes(), filename="notice.pdf", max_bytes=LIMIT)
    read = roles(text)
    assert read[0] == ("title", "THÔNG BÁO. Về việc tạm ngừng cấp nước sinh hoạt")
    assert read[1][0] == "narrator" and read[1][1].startswith("Để thay thế đường ống chính")
    assert read[1][1].endswith("khu chợ xã.")  # the line the PDF wrapped is one paragraph again
    assert read[-1] == ("byline", "Trần Văn Bình")
    spoken = " ".join(t for _, t in read)
    for unread in ("CỘNG HÒA", "Số: 27", "Căn cứ", "Nơi nhận", "TM.", "Đã ký", "./."):
        assert unread not in spoken


def test_pdf_without_a_text_layer_is_refused_with_what_to_do() -> None:
    with pytest.raises(ArticleInputError) as caught:
        read_upload((DOCUMENTS / "scan.pdf").read_bytes(), filename="scan.pdf", max_bytes=LIMIT)
    assert caught.value.status == 422
    assert "không có lớp chữ" in caught.value.message


def test_pdf_is_recognised_without_a_file_name() -> None:
    text = read_upload((DOCUMENTS / "notice.pdf").read_bytes(), filename=None, content_type="application/pdf",
                       max_bytes=LIMIT)
    assert "Về việc tạm ngừng cấp nước" in text


def _word_notice() -> bytes:
    import docx

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN\nXÃ BÌNH MINH\nSố: 15/TB-UBND"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBình Minh, ngày 3 tháng 4 năm 2025"
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Về việc tiêm vắc xin phòng bệnh dại cho chó, mèo")
    document.add_paragraph("Ủy ban nhân dân xã tổ chức tiêm phòng dại cho chó, mèo từ ngày 10 đến ngày 12 tháng 4 "
                           "tại nhà văn hóa các thôn. Đề nghị các hộ nuôi chó, mèo đưa vật nuôi đến tiêm đúng lịch.")
    schedule = document.add_table(rows=2, cols=2)
    schedule.rows[0].cells[0].text, schedule.rows[0].cells[1].text = "Thôn Đông", "Sáng 10/4/2025"
    schedule.rows[1].cells[0].text, schedule.rows[1].cells[1].text = "Thôn Đoài", "Chiều 10/4/2025"
    footer = document.add_table(rows=1, cols=2)
    footer.rows[0].cells[0].text = "Nơi nhận:\n- Các thôn;\n- Lưu: VT."
    footer.rows[0].cells[1].text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nLê Văn Tám"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_tables_are_read_in_place_and_across() -> None:
    text = read_upload(_word_notice(), filename="thong-bao.docx", max_bytes=LIMIT)
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[0] == "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # the header table reads across
    assert lines.index("Thôn Đông\tSáng 10/4/2025") > lines.index("THÔNG BÁO")  # tables stay where they stood
    read = roles(text)
    assert read[0] == ("title", "THÔNG BÁO. Về việc tiêm vắc xin phòng bệnh dại cho chó, mèo")
    assert ("narrator", "Thôn Đông Sáng 10/4/2025") in read
    assert read[-1] == ("byline", "Lê Văn Tám")
    assert not any("Nơi nhận" in t or "CỘNG HÒA" in t or "Đã ký" in t for _, t in read)


def test_web_page_main_content_with_its_headline_and_author() -> None:
    html = (DOCUMENTS / "article-page.html").read_bytes()
    read = roles(read_upload(html, filename="tin.html", max_bytes=LIMIT))
    assert read[0] == ("title", "Xã An Hòa ra quân dọn vệ sinh môi trường")
    assert read[-1] == ("byline", "Minh Hà")
    spoken = " ".join(t for _, t in read)
    for furniture in ("Trang chủ", "Lượt xem", "Chia sẻ", "Tin liên quan", "Bản quyền", "Ảnh: Minh Hà"):
        assert furniture not in spoken


@pytest.fixture
def site() -> Iterator[Site]:
    page = (DOCUMENTS / "article-page.html").read_bytes()
    pages = {
        "/tin": Page(body=page),
        "/moved": Page(301, headers={"Location": "/tin"}),
        "/loop": Page(302, headers={"Location": "/loop"}),
        "/to-private": Page(302, headers={"Location": "http://10.1.2.3/admin"}),
        "/gone": Page(404, b"not here"),
        "/broken": Page(500, b"oops"),
        "/slow": Page(body=page, delay_s=3),
        "/image": Page(body=b"\x89PNG\r\n", content_type="image/png"),
        "/notice.pdf": Page(body=(DOCUMENTS / "notice.pdf").read_bytes(), content_type="application/pdf"),
        "/huge": Page(body=b"<p>" + b"x" * 300_000 + b"</p>"),
    }
    with serve(Site(pages)) as running:
        yield running


def _allowed(site: Site) -> frozenset[str]:
    return frozenset({site.base.removeprefix("http://")})


def test_a_link_is_fetched_and_read_after_redirects(site: Site) -> None:
    page = fetch(f"{site.base}/moved", timeout_s=5, max_bytes=LIMIT, allowed=_allowed(site))
    assert page.title == "Xã An Hòa ra quân dọn vệ sinh môi trường"
    assert site.hits == ["/moved", "/tin"]
    document = fetch(f"{site.base}/notice.pdf", timeout_s=5, max_bytes=LIMIT, allowed=_allowed(site))
    assert "THÔNG BÁO" in document.text


@pytest.mark.parametrize(
    ("path", "words"),
    [("/gone", "404"), ("/broken", "500"), ("/loop", "chuyển hướng"), ("/image", "image/png"),
     ("/slow", "hết thời gian"), ("/to-private", "10.1.2.3")],
)
def test_links_that_cannot_be_read_say_why(site: Site, path: str, words: str) -> None:
    with pytest.raises(ArticleInputError) as caught:
        fetch(f"{site.base}{path}", timeout_s=1.5, max_bytes=LIMIT, allowed=_allowed(site))
    assert words in caught.value.message
    assert caught.value.status == 422


def test_a_page_larger_than_the_limit_is_refused(site: Site) -> None:
    with pytest.raises(ArticleInputError) as caught:
        fetch(f"{site.base}/huge", timeout_s=5, max_bytes=100_000, allowed=_allowed(site))
    assert caught.value.status == 413


def test_private_addresses_are_refused_before_any_request(site: Site) -> None:
    with pytest.raises(ArticleInputError, match="nội bộ"):
        fetch(f"{site.base}/tin", timeout_s=5, max_bytes=LIMIT)  # loopback, not on the allow-list
    assert site.hits == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://10.0.0.8/x", "http://192.168.1.1/", "http://172.16.0.1/",
            "http://169.254.169.254/latest/meta-data", "http://[::1]:8000/", "http://0.0.0.0/", "http://localhost/",
            "http://[fe80::1]/", "http://100.64.0.1/"],
)
def test_check_address_refuses_every_non_public_address(url: str) -> None:
    with pytest.raises(ArticleInputError):
        check_address(url)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "http:///x"])
def test_only_http_links_are_fetched(url: str) -> None:
    with pytest.raises(ArticleInputError, match="http"):
        check_address(url)
