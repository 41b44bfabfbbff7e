"""The whole flow in a real browser (Debian's Chromium driven by Playwright), against real processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEED, Accounts
from tests.web.conftest import sign_in


@pytest.mark.slow
def test_newsroom_flow_in_a_browser(browser: Any, site: str, accounts: Accounts, tmp_path: Path) -> None:
    page = browser.new_page()
    page.set_default_timeout(30_000)

    # A wrong password is refused with a message in Vietnamese.
    sign_in(page, site, "editor", "khong-dung-mat-khau")
    page.get_by_text("Sai tên đăng nhập hoặc mật khẩu").wait_for()

    sign_in(page, site, "editor")
    page.wait_for_url(f"{site}/bai-viet")

    # An empty article is refused, and the page says why.
    page.get_by_role("button", name="Tạo bài").click()
    page.locator("#message.error").wait_for()
    assert "trống" in page.locator("#message").inner_text()

    # Upload the seed article.
    page.get_by_label("hoặc chọn tệp").set_input_files(str(SEED))
    page.get_by_role("button", name="Tạo bài").click()
    page.wait_for_url(f"{site}/bai-viet/*")
    page.locator("#lines li.part.role-official").first.wait_for()
    assert page.locator("#lines li.part.role-official").count() > 10
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=str(tmp_path / "phone.png"))
    page.set_viewport_size({"width": 1280, "height": 720})

    # Change a part's role by mouse: the first narrator part becomes the official's, with a known speaker.
    page.locator("#lines li.part").nth(1).click()
    page.get_by_label("Vai").select_option("official")
    page.get_by_label("Người nói").fill("Bùi Thị Thúy")
    page.get_by_role("button", name="Lưu dòng").click()
    page.get_by_text("Đã lưu kịch bản").wait_for()
    page.wait_for_load_state("load")
    page.locator("#lines li.part").nth(1).locator(".tag").get_by_text("Khách mời · Bùi Thị Thúy").wait_for()

    # Render with the progress bar, then listen: the audio element loads and plays.
    page.get_by_role("button", name="Thu âm").click()
    page.locator("#player").wait_for(timeout=180_000)
    duration = page.eval_on_selector(
        "#player", "a => new Promise(r => a.readyState >= 1 ? r(a.duration) : a.addEventListener('loadedmetadata', "
        "() => r(a.duration)))")
    assert duration > 60
    played = page.eval_on_selector(
        "#player", "a => a.play().then(() => new Promise(r => setTimeout(() => r(a.currentTime), 1500)))")
    assert played > 0

    # An editor may not approve: the page has no button, and the API says no.
    assert page.locator("#approve").count() == 0
    article_id = page.locator("#article").get_attribute("data-id")
    refused = page.evaluate(
        """async (id) => { const me = await (await fetch('/api/v1/me')).json();
        const r = await fetch(`/api/v1/articles/${id}/approve`, {method: 'POST',
          headers: {'X-CSRF-Token': me.csrf_token}}); return r.status; }""", article_id)
    assert refused == 403
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Chờ duyệt", exact=True).wait_for()

    # The approver approves.
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{site}/dang-nhap")
    sign_in(page, site, "approver")
    page.wait_for_url(f"{site}/bai-viet")
    page.goto(f"{site}/bai-viet/{article_id}")
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt", exact=True).first.wait_for()
    page.screenshot(path=str(tmp_path / "approved.png"))

    # A commune's relay downloads the approved programme with its token.
    editor = accounts.headers("editor")
    programme_id = httpx.get(f"{site}/api/v1/articles/{article_id}", headers=editor).json()["programme_id"]
    audio = httpx.get(f"{site}/api/v1/programmes/{programme_id}/audio", headers=accounts.headers("relay"))
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert len(audio.content) > 100_000
