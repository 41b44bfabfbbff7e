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
from tests.service.api.test_approval import FALLBACK, fallback_engines, submitted_with  # noqa: F401 (a fixture)
from tests.web.conftest import sign_in

SHOTS = Path("/tmp/bantin-review")

# A page pasted whole: a share bar, the story with an interview, a photo caption, a line the tool gives the official
# (it is narration), the signature.
PASTED = """Chia sẻ   Facebook   Zalo   In bài
Xã Ân Hòa ra quân làm đường giao thông nông thôn
Sáng nay, xã Ân Hòa tổ chức lễ ra quân làm đường giao thông nông thôn năm 2026.
Ông Nguyễn Văn Hùng – Chủ tịch UBND xã Ân Hòa
Phóng viên: Xin ông cho biết kế hoạch của xã trong năm nay?
Ông Nguyễn Văn Hùng, Chủ tịch UBND xã: Năm nay xã làm mới 5 km đường bê tông.
Người dân Ân Hòa góp công làm đường (Ảnh: Minh Anh)
Buổi lễ có hơn 300 người dân tham dự.
Minh Anh"""
CAPTION, CEREMONY = 6, 7  # source lines


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

    # The two captions are the tool's guesses: counted at the top, and the control and n jump between them.
    assert page.locator("#doubt-count").inner_text() == "2 dòng cần xem lại"
    page.get_by_role("button", name="Dòng cần xem lại tiếp theo").click()
    assert current_line(page) == "4"
    page.keyboard.press("n")
    assert current_line(page) == "16"
    assert page.locator("#lines li.current .doubt").inner_text() == "cần xem lại"
    page.keyboard.press("n")
    assert current_line(page) == "4"  # round again from the top
    page.keyboard.press("Enter")  # the editor on a phone: still no sideways scroll
    page.get_by_role("button", name="Đọc dòng này").wait_for()
    page.locator("#line-editor").screenshot(path=str(SHOTS / "editor-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def current_line(page: Any) -> str:
    return str(page.locator("#lines li.current").get_attribute("data-line"))


@pytest.mark.slow
def test_fix_a_pasted_article_by_keyboard(browser: Any, site: str, accounts: Accounts) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.set_default_timeout(30_000)
    sign_in(page, site, "editor")
    page.wait_for_url(f"{site}/bai-viet")
    page.get_by_label("Dán nội dung bài").fill(PASTED)
    page.get_by_role("button", name="Tạo bài").click()
    page.wait_for_url(f"{site}/bai-viet/*")
    article_id = page.locator("#article").get_attribute("data-id")
    url = f"{site}/api/v1/articles/{article_id}"

    # Every line stands in the original's order; the share bar and the caption are greyed where they were.
    rows = page.locator("#lines li.row")
    rows.first.wait_for()
    assert [int(n) for n in rows.evaluate_all("rs => rs.map(r => r.dataset.line)")] == list(range(9))
    caption = page.locator(f"#lines li[data-line='{CAPTION}']")
    assert "skipped" in str(caption.get_attribute("class"))
    assert caption.locator(".tag").inner_text() == "Không đọc: chú thích ảnh"
    assert page.locator("#lines li[data-line='0'] .tag").inner_text() == "Không đọc: thanh chia sẻ, menu trang"
    assert caption.evaluate("r => getComputedStyle(r).color") == "rgb(122, 132, 145)"  # grey

    # Down to the caption with j and the arrow key, x: it is read, by the narrator.
    for key in ["j"] * 4 + ["ArrowDown"] * 3:
        page.keyboard.press(key)
    assert current_line(page) == str(CAPTION)
    page.keyboard.press("x")
    page.locator(f"#lines li.part.role-narrator[data-line='{CAPTION}']").wait_for()
    page.get_by_text("Đã lưu kịch bản").wait_for()
    assert current_line(page) == str(CAPTION)  # back on the line it was fixed on

    # The next line is narration the tool gave the official: 2 makes it the narrator's.
    page.keyboard.press("j")
    assert "role-official" in str(page.locator("#lines li.current").get_attribute("class"))
    page.keyboard.press("2")
    page.locator(f"#lines li.part.role-narrator[data-line='{CEREMONY}']").wait_for()

    body = httpx.get(url, headers=accounts.headers("editor")).json()
    by_line = {s["source_lines"][0]: s for s in body["script"]["segments"]}
    assert by_line[CAPTION]["role"] == "narrator" and by_line[CAPTION]["text"].startswith("Người dân Ân Hòa")
    assert (by_line[CEREMONY]["role"], by_line[CEREMONY]["speaker"]) == ("narrator", None)
    assert CAPTION not in [k["source_line"] for k in body["script"]["skipped"]] and body["version"] == 3
    audit = httpx.get(f"{url}/audit", headers=accounts.headers("editor")).json()
    assert [(a["action"], a["username"], a["note"]) for a in audit if a["action"] == "edit script"] == [
        ("edit script", "editor", f"dòng {CAPTION + 1}"), ("edit script", "editor", f"dòng {CEREMONY + 1}")]
    assert f"edit script → Bản nháp · dòng {CEREMONY + 1}" in page.locator("#audit").inner_text()

    # Enter edits the line: the spoken form shows, Esc leaves, and a saved edit is in the script.
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    text = page.get_by_label("Văn bản")
    assert text.input_value() == "Năm nay xã làm mới 5 km đường bê tông."
    assert "năm ki lô mét" in page.locator(".spoken-preview").inner_text().replace("\xa0", " ")
    page.keyboard.press("Escape")
    assert page.locator("#line-editor").is_hidden() and current_line(page) == "5"
    page.keyboard.press("Enter")
    text.fill("Năm nay xã làm mới 7 km đường bê tông.")
    page.locator(".spoken-preview").get_by_text("bảy").wait_for()
    page.keyboard.press("Control+Enter")
    page.get_by_text("Đã lưu kịch bản").wait_for()
    page.locator("#article[data-version='4']").wait_for()
    body = httpx.get(url, headers=accounts.headers("editor")).json()
    assert [s["text"] for s in body["script"]["segments"] if s["source_lines"] == [5]] == [
        "Năm nay xã làm mới 7 km đường bê tông."]

    # l: hear the line now, before any render; the player says which engine spoke it, and plays.
    assert current_line(page) == "5"
    page.keyboard.press("l")
    page.locator("#line-engine").get_by_text("Giọng: espeak-ng — giọng máy, khó nghe").wait_for()
    played = page.eval_on_selector("#line-player", "a => a.play().then(() => new Promise(r => setTimeout(() => "
                                                   "r([a.currentTime, a.duration]), 1000)))")
    assert 0.3 < played[0] <= played[1] and played[1] > 1.5  # "năm nay xã làm mới bảy ki lô mét …"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "listen-1366.png"))
    index = [s["source_lines"] for s in body["script"]["segments"]].index([5])
    heard = httpx.get(f"{url}/script/{index}/audio", headers=accounts.headers("approver"), timeout=30)
    assert heard.status_code == 200 and heard.headers["content-type"] == "audio/wav"
    assert heard.headers["x-engine"] == "espeak" and heard.content[:4] == b"RIFF"
    assert httpx.get(f"{url}/script/99/audio", headers=accounts.headers("editor")).status_code == 404


@pytest.mark.slow
@pytest.mark.usefixtures("fallback_engines")  # before pages_only: the API starts with gTTS first, espeak-ng after
def test_approving_robot_voice_asks_for_the_approvers_word(browser: Any, pages_only: str, accounts: Accounts) -> None:
    created = httpx.post(f"{pages_only}/api/v1/articles", json={"text": PASTED}, headers=accounts.headers("editor"))
    article_id = submitted_with(created.json()["id"], FALLBACK)
    page = open_page(browser, pages_only, "approver", article_id)
    facts = page.locator("#facts").inner_text()
    assert "3 dòng không đọc" in facts and "0 dòng sửa tay" in facts  # share bar, portrait, caption
    assert "2 phần đọc bằng giọng máy (espeak-ng, khó nghe)" in facts
    SHOTS.mkdir(exist_ok=True)
    page.locator("section.card").screenshot(path=str(SHOTS / "approval-1366.png"))

    page.get_by_role("button", name="Duyệt").click()  # without the word: refused, and told why
    page.locator("#message.error").get_by_text("phần đọc bằng giọng máy").wait_for()
    page.get_by_label("Tôi đã nghe và vẫn duyệt các phần đọc bằng giọng máy").check()
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt", exact=True).first.wait_for()
    audit = httpx.get(f"{pages_only}/api/v1/articles/{article_id}/audit", headers=accounts.headers("approver")).json()
    assert [e["note"] for e in audit if e["action"] == "approve"] == [
        "xác nhận phát giọng máy ở 2 phần (lúc 1:01, 1:30)"]


def p(role: str, text: str, lines: list[int]) -> dict[str, Any]:
    return {"role": role, "speaker": None, "speaker_title": None, "text": text, "source_lines": lines}


PARTS = [p("title", "Tin", [0]), p("narrator", "Một. Hai.", [2]), p("official", "Ba", [3, 4])]

# the fix in review.js, its arguments → the parts saved, as (role, text, lines)
FIXES = [
    ("setRole", [2, "narrator"], [("title", "Tin", [0]), ("narrator", "Một. Hai.", [2]), ("narrator", "Ba", [3, 4])]),
    ("readLine", [1, "Chú thích", "narrator"],
     [("title", "Tin", [0]), ("narrator", "Chú thích", [1]), ("narrator", "Một. Hai.", [2]),
      ("official", "Ba", [3, 4])]),
    ("readLine", [5, "Cuối", "byline"],
     [("title", "Tin", [0]), ("narrator", "Một. Hai.", [2]), ("official", "Ba", [3, 4]), ("byline", "Cuối", [5])]),
    ("skipPart", [1], [("title", "Tin", [0]), ("official", "Ba", [3, 4])]),
    ("mergeUp", [2], [("title", "Tin", [0]), ("narrator", "Một. Hai. Ba", [2, 3, 4])]),
    ("mergeUp", [0], [("title", "Tin", [0]), ("narrator", "Một. Hai.", [2]), ("official", "Ba", [3, 4])]),
    ("splitAt", [1, 4],  # one line: both halves read it
     [("title", "Tin", [0]), ("narrator", "Một.", [2]), ("narrator", "Hai.", [2]), ("official", "Ba", [3, 4])]),
    ("splitAt", [2, 1],  # several lines: the last goes with the second half
     [("title", "Tin", [0]), ("narrator", "Một. Hai.", [2]), ("official", "B", [3]), ("official", "a", [4])]),
    ("splitAt", [1, 0], [("title", "Tin", [0]), ("narrator", "Một. Hai.", [2]), ("official", "Ba", [3, 4])]),
]


def test_each_fix_gives_the_parts_to_save(browser: Any, pages_only: str) -> None:
    page = browser.new_page()  # one page for the whole table: starting the API is the slow part
    page.goto(f"{pages_only}/dang-nhap")
    for fix, args, saved in FIXES:
        out = page.evaluate(f"([parts, args]) => {{ const before = JSON.stringify(parts); "
                            f"const out = {fix}(parts, ...args); if (JSON.stringify(parts) !== before) "
                            f"throw new Error('changed its input'); return out; }}", [PARTS, args])
        assert [(q["role"], q["text"], q["source_lines"]) for q in out] == saved, (fix, args)
