"""The script page as a proofreader uses it: every line in its place, fixes by keyboard, doubt made visible."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from service.schemas import Script
from service.text.script import build_script
from service.web import review
from tests.conftest import SEED, Accounts
from tests.web.conftest import sign_in

SHOTS = Path("/tmp/bantin-review")

# A page pasted whole: a share bar, a photo caption, the story, the signature.
PASTED = """Chia sẻ   Facebook   Zalo   In bài
Xã Ân Hòa ra quân làm đường giao thông nông thôn
Sáng nay, xã Ân Hòa tổ chức lễ ra quân làm đường giao thông nông thôn năm 2026, với hơn 300 người dân tham dự.
Ông Nguyễn Văn Hùng, Chủ tịch UBND xã cho biết: "Năm nay xã làm mới 5 km đường bê tông."
Người dân Ân Hòa góp công làm đường (Ảnh: Minh Anh)
Các thôn sẽ hoàn thành phần việc của mình trước ngày 30/6.
Minh Anh"""


def test_skipped_lines_stand_in_place_with_a_reason_in_vietnamese() -> None:
    script = build_script(SEED.read_text(encoding="utf-8"))
    rows = review.rows(script)
    assert [r.line for r in rows] == sorted(r.line for r in rows)  # the original's order
    assert {r.line for r in rows} >= {k.source_line for k in script.skipped}
    reasons = {r.line: r.reason for r in rows if r.part is None}
    assert reasons[4] == "chú thích ảnh" and reasons[0] == "ngày giờ trên trang"
    assert sum(r.doubtful for r in rows) == 2  # the two photo captions are the tool's guesses
    assert review.speakers(script) == ["Bùi Thị Thúy", "Mai Hoa"]


@pytest.mark.parametrize(("why", "reason"), [("caption", "chú thích ảnh"), ("chrome", "thanh chia sẻ, menu trang"),
                                             ("recipients", "nơi nhận"), ("signature", "chữ ký"),
                                             ("removed_by_editor", "biên tập viên bỏ"),
                                             ("a_new_code", "a_new_code")])
def test_every_reason_has_words_for_staff(why: str, reason: str) -> None:
    assert review.reason_for(why, why) == reason


def test_a_part_and_a_skipped_line_on_the_same_line_keep_reading_order() -> None:
    script = Script.model_validate({"title": None, "segments": [
        {"index": 0, "role": "narrator", "text": "A", "spoken": "a", "source_lines": [1], "confidence": 0.5}],
        "skipped": [{"source_line": 0, "reason": "chrome", "text": "Chia sẻ", "why": "chrome"},
                    {"source_line": 1, "reason": "cue", "text": "x", "why": "cue", "confidence": 0.95}]})
    assert [(r.line, r.part, r.doubtful) for r in review.rows(script)] == [(0, None, False), (1, 0, True),
                                                                          (1, None, False)]


def open_page(browser: Any, base: str, who: str, article_id: str, width: int = 1366, height: int = 900) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(30_000)
    sign_in(page, base, who)
    page.wait_for_url(f"{base}/bai-viet")
    page.goto(f"{base}/bai-viet/{article_id}")
    page.locator("#lines li.row").first.wait_for()
    return page


@pytest.mark.slow
def test_the_seed_fits_three_screens_and_a_phone(browser: Any, pages_only: str, accounts: Accounts) -> None:
    created = httpx.post(f"{pages_only}/api/v1/articles", json={"text": SEED.read_text(encoding="utf-8")},
                         headers=accounts.headers("editor"))
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]
    SHOTS.mkdir(exist_ok=True)
    page = open_page(browser, pages_only, "editor", article_id)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=str(SHOTS / "seed-1366.png"), full_page=True)
    print(f"seed page height at 1366x900: {height}px")
    assert height <= 3 * 900
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    scroll = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.screenshot(path=str(SHOTS / "seed-390.png"))
    print(f"seed page at 390 px: scroll width {scroll[0]}, client width {scroll[1]}, "
          f"height {page.evaluate('document.documentElement.scrollHeight')}px")
    assert scroll[0] <= scroll[1]
