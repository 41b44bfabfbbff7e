"""/docs and /redoc on a station network without internet: every file they load comes from bantin itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_load_nothing_from_another_host(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    loaded = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', page.text) + re.findall(r"url:\s*'([^']+)'", page.text)
    loaded += re.findall(r'spec-url="([^"]+)"', page.text)
    assert loaded, page.text  # the pattern still finds what the page loads
    assert [u for u in loaded if urlparse(u).netloc] == []
    for url in loaded:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 1000, url


@pytest.mark.slow
@pytest.mark.parametrize(("path", "shows"), [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_docs_draw_in_a_browser_cut_off_from_the_internet(browser: Any, pages_only: str, path: str,
                                                          shows: str) -> None:
    page = browser.new_page()
    asked: list[str] = []

    def only_bantin(route: Any) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith(pages_only):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_bantin)
    page.goto(f"{pages_only}{path}")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.locator(shows).filter(has_text="bantin").first.wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    assert errors == []
    page.screenshot(path=f"/tmp/bantin-review{path}.png")
    assert [u for u in asked if not u.startswith(pages_only)] == []
