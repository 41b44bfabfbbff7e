"""Two people editing one script in two browsers: nothing is lost, and only a real collision asks a question."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.conftest import Accounts
from tests.web.conftest import sign_in

ARTICLE = """Xã Ân Hòa ra quân làm đường giao thông nông thôn

Sáng nay, xã Ân Hòa tổ chức lễ ra quân làm đường giao thông nông thôn năm 2026.
Phóng viên: Xin ông cho biết kế hoạch của xã trong năm nay?
Ông Nguyễn Văn Hùng, Chủ tịch UBND xã: Năm nay xã làm mới 5 km đường bê tông.
Buổi lễ có hơn 300 người dân tham dự.

Minh Anh"""


def part(role: str, text: str, lines: list[int], speaker: str | None = None) -> dict[str, Any]:
    return {"role": role, "speaker": speaker, "text": text, "source_lines": lines}


BASE = [part("title", "Tiêu đề", [0]), part("narrator", "Một", [1]), part("narrator", "Hai", [2]),
        part("byline", "Tên", [3])]

# base, mine, theirs → the parts' texts to save and the keys that collide.
MERGES = [
    ("different parts: both kept", {1: "Một sửa"}, {3: "Tên sửa"}, ["Tiêu đề", "Một sửa", "Hai", "Tên sửa"], []),
    ("only mine changed", {2: "Hai sửa"}, {}, ["Tiêu đề", "Một", "Hai sửa", "Tên"], []),
    ("only theirs changed", {}, {2: "Hai khác"}, ["Tiêu đề", "Một", "Hai khác", "Tên"], []),
    ("the same change on both sides", {2: "Giống"}, {2: "Giống"}, ["Tiêu đề", "Một", "Giống", "Tên"], []),
    ("the same part changed differently", {2: "Của tôi"}, {2: "Của họ"}, ["Tiêu đề", "Một", "Của họ", "Tên"],
     ["2"]),
]


def edited(changes: dict[int, str]) -> list[dict[str, Any]]:
    return [{**p, "text": changes.get(n, p["text"])} for n, p in enumerate(BASE)]


@pytest.mark.parametrize(("case", "mine", "theirs", "texts", "conflicts"), MERGES, ids=[m[0] for m in MERGES])
def test_line_merge_in_the_browser(browser: Any, pages_only: str, case: str, mine: dict[int, str],
                                   theirs: dict[int, str], texts: list[str], conflicts: list[str]) -> None:
    page = browser.new_page()
    page.goto(f"{pages_only}/dang-nhap")
    merged = page.evaluate("([b, m, t]) => mergeParts(b, m, t)", [BASE, edited(mine), edited(theirs)])
    assert [p["text"] for p in merged["parts"]] == texts
    assert [c["key"] for c in merged["conflicts"]] == conflicts
    if conflicts:  # choosing "mine" puts my text back in its place
        chosen = page.evaluate("([m, c]) => resolveParts(m, c)", [merged, {conflicts[0]: "mine"}])
        assert chosen[2]["text"] == "Của tôi"


def test_a_part_they_regrouped_is_a_collision(browser: Any, pages_only: str) -> None:
    page = browser.new_page()
    page.goto(f"{pages_only}/dang-nhap")
    theirs = [BASE[0], part("narrator", "Một Hai", [1, 2]), BASE[3]]
    merged = page.evaluate("([b, m, t]) => mergeParts(b, m, t)", [BASE, edited({1: "Một sửa"}), theirs])
    assert [c["theirs"] for c in merged["conflicts"]] == [None]
    assert [p["text"] for p in merged["parts"]] == ["Tiêu đề", "Một Hai", "Tên"]


def open_article(browser: Any, base: str, who: str, article_id: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, base, who)
    page.wait_for_url(f"{base}/bai-viet")
    page.goto(f"{base}/bai-viet/{article_id}")
    page.locator("#lines li.part").first.wait_for()
    return page


def texts_of(base: str, accounts: Accounts, article_id: str) -> tuple[int, list[str]]:
    body = httpx.get(f"{base}/api/v1/articles/{article_id}", headers=accounts.headers("editor")).json()
    return body["version"], [s["text"] for s in body["script"]["segments"]]


def fix(page: Any, n: int, text: str) -> None:
    """Open the n-th voice part on the script page (-1: the last), change its text and save it."""
    parts = page.locator("#lines li.part")
    (parts.last if n == -1 else parts.nth(n)).click()
    page.get_by_label("Văn bản").fill(text)
    page.get_by_role("button", name="Lưu dòng").click()


@pytest.mark.slow
def test_two_editors_in_two_browsers(browser: Any, pages_only: str, accounts: Accounts) -> None:
    base = pages_only
    created = httpx.post(f"{base}/api/v1/articles", json={"text": ARTICLE}, headers=accounts.headers("editor"))
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]
    version, original = texts_of(base, accounts, article_id)
    assert version == 1 and len(original) >= 4

    editor = open_article(browser, base, "editor", article_id)
    admin = open_article(browser, base, "admin", article_id)

    # The admin fixes the second part; the editor, still on version 1, fixes the last one.
    fix(admin, 1, "Sáng nay, xã Ân Hòa ra quân làm đường.")
    admin.get_by_text("Đã lưu kịch bản").wait_for()
    fix(editor, -1, "Minh Anh, Đài truyền thanh xã")
    told = editor.get_by_text("đã gộp bản sửa của bạn vào phiên bản 3")
    told.wait_for()
    assert re.match(r"Bài vừa được admin sửa lúc \d\d:\d\d \d\d/\d\d/20\d\d; đã gộp", told.inner_text())
    version, now = texts_of(base, accounts, article_id)
    assert version == 3
    assert now[1] == "Sáng nay, xã Ân Hòa ra quân làm đường." and now[-1] == "Minh Anh, Đài truyền thanh xã"
    assert now[2:-1] == original[2:-1]

    # Both change the same part: the second to save is asked, keeps theirs, and the other edit is still there.
    admin.reload()
    admin.locator("#lines li.part").first.wait_for()
    editor.locator("#article[data-version='3']").wait_for()
    fix(admin, 2, "Phóng viên hỏi về kế hoạch năm nay.")
    admin.get_by_text("Đã lưu kịch bản").wait_for()
    fix(editor, 2, "Xin ông cho biết kế hoạch làm đường?")
    dialog = editor.locator("dialog#conflicts")
    dialog.get_by_text("cả bạn và admin đều sửa").wait_for()
    assert dialog.get_by_text("Phóng viên hỏi về kế hoạch năm nay.").count() == 1
    dialog.get_by_label("Giữ bản của tôi").check()
    dialog.get_by_role("button", name="Lưu bản gộp").click()
    editor.get_by_text("đã gộp bản sửa của bạn vào phiên bản 5").wait_for()
    version, now = texts_of(base, accounts, article_id)
    assert version == 5 and now[2] == "Xin ông cho biết kế hoạch làm đường?"
    assert now[1] == "Sáng nay, xã Ân Hòa ra quân làm đường."

    # The history lists every version with why; restoring the first makes a sixth with the original text.
    history = httpx.get(f"{base}/api/v1/articles/{article_id}/versions", headers=accounts.headers("editor")).json()
    assert [v["why"] for v in history] == ["create", "edit", "merge", "edit", "merge"]
    editor.locator("#article[data-version='5']").wait_for()
    editor.locator("#history li[data-version='3'] summary").click()
    assert "Minh Anh, Đài truyền thanh xã" in editor.locator("#history li[data-version='3'] ins").last.inner_text()
    editor.get_by_role("button", name="Khôi phục phiên bản 1").click()
    editor.get_by_text("Đã khôi phục phiên bản 1").wait_for()
    version, now = texts_of(base, accounts, article_id)
    assert version == 6 and now == original
