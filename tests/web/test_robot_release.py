"""A programme held for its robot-voice parts, as staff meet it in a real browser: the banner, the parts and
why, and the approver's "Phát dù giọng máy" that publishes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts
from tests.web.conftest import sign_in
from tests.workers.test_robot_voice import _build, _relay_ids, no_google  # noqa: F401 (a fixture)


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


@pytest.mark.slow
def test_an_approver_releases_a_held_programme(browser: Any, pages_only: str, client: TestClient,
                                               accounts: Accounts, no_google: int,  # noqa: F811
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _build(client, accounts, monkeypatch, policy="hold")
    page = browser.new_page()
    sign_in(page, pages_only, "approver")
    page.wait_for_url(f"{pages_only}/bai-viet")
    page.goto(f"{pages_only}/chuong-trinh")
    page.get_by_role("alert").get_by_text("1 chương trình đang bị giữ lại").wait_for()
    row = page.locator("tr", has_text="Ân Hòa")
    assert "Đang giữ lại (giọng máy)" in row.inner_text()
    row.get_by_text("phần đọc bằng giọng máy").click()  # opens the list of parts
    assert "vì: gtts" in row.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Phát dù giọng máy").click()
    page.get_by_text("Đã cho phát dù giọng máy.").wait_for()
    assert page.get_by_role("alert").count() == 0
    assert "Sẵn sàng" in page.locator("tr", has_text="Ân Hòa").inner_text()
    assert "approver đã cho phát dù giọng máy" in page.locator("tr", has_text="Ân Hòa").inner_text()
    assert len(_relay_ids(client, accounts)) == 1
