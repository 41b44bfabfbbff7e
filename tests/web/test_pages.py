"""The server-rendered pages, without a browser: what each person is shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, SEED, Accounts


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def sign_in(client: TestClient, who: str) -> str:
    response = client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert response.status_code == 200
    return str(response.json()["csrf_token"])


def test_pages_need_a_session(client: TestClient) -> None:
    for path in ("/", "/bai-viet", "/chuong-trinh", "/bai-viet/abc"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/dang-nhap"
    page = client.get("/dang-nhap")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert '<label for="password">Mật khẩu</label>' in page.text


def test_article_page_shows_voice_parts_in_colours(client: TestClient, accounts: Accounts) -> None:
    csrf = sign_in(client, "editor")
    created = client.post("/api/v1/articles", files={"file": (SEED.name, SEED.read_bytes(), "text/plain")},
                          headers={"X-CSRF-Token": csrf}).json()
    page = client.get(f"/bai-viet/{created['id']}")
    assert page.status_code == 200
    for role in ("title", "narrator", "reporter", "official", "byline"):
        assert f"row part role-{role}" in page.text
    assert "Không đọc: chú thích ảnh" in page.text and "2 dòng cần xem lại" in page.text
    assert '<option value="Bùi Thị Thúy">' in page.text  # the known speakers, offered when a speaker is edited
    assert 'id="render"' in page.text and 'id="approve"' not in page.text
    listing = client.get("/bai-viet")
    assert "Chuyển biến sau 2 năm" in listing.text and "Bản nháp" in listing.text


def test_approver_sees_approve_but_not_render(client: TestClient, accounts: Accounts) -> None:
    article = client.post("/api/v1/articles", json={"text": "Tin\n\nNội dung."},
                          headers=accounts.headers("editor")).json()
    sign_in(client, "approver")
    page = client.get(f"/bai-viet/{article['id']}")
    assert 'id="approve"' in page.text and 'id="render"' not in page.text
