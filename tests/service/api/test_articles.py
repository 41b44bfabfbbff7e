"""The articles API over HTTP: status codes, JSON error bodies, and what lands in the database."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SEED, Accounts, article_count


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


def test_json_article_is_stored_with_its_script(client: TestClient) -> None:
    response = client.post("/api/v1/articles", json={"title": "Tin xã", "text": "Tin xã\n\nXã có 204 hộ nghèo."})
    assert response.status_code == 201
    body = response.json()
    assert body["script"]["segments"][1]["spoken"].replace("\u00a0", " ") == "Xã có hai trăm linh bốn hộ nghèo."
    assert client.get(f"/api/v1/articles/{body['id']}").json()["script"] == body["script"]
    assert article_count() == 1


def test_file_upload_of_the_seed_article(client: TestClient) -> None:
    response = client.post("/api/v1/articles", files={"file": (SEED.name, SEED.read_bytes(), "text/plain")})
    assert response.status_code == 201
    assert response.json()["title"].startswith("Chuyển biến sau 2 năm")


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": "   \n\t  "}}, 422),
        ({"json": {"title": "x"}}, 422),
        ({"content": b"not json", "headers": {"content-type": "application/json"}}, 422),
        ({"files": {"file": ("a.pdf", b"%PDF-1.4 binary", "application/pdf")}}, 422),
        ({"files": {"file": ("a.txt", b"\x00\x01\x02\x03binary\x00", "text/plain")}}, 415),
        ({"files": {"file": ("a.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")}}, 422),
    ],
    ids=["empty", "whitespace", "no-text", "not-json", "broken-pdf", "binary-txt", "broken-docx"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client: TestClient, kwargs: dict,
                                                                 status: int) -> None:
    response = client.post("/api/v1/articles", **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert article_count() == 0


def test_too_large_is_413(client: TestClient, settings_env: dict[str, str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Một câu tin tức. " * 70_000  # over 1 MB of UTF-8
    response = client.post("/api/v1/articles", json={"text": text})
    assert response.status_code == 413
    upload = client.post("/api/v1/articles", files={"file": ("big.txt", io.BytesIO(text.encode()), "text/plain")})
    assert upload.status_code == 413
    assert article_count() == 0


def test_unknown_ids_are_404_with_json(client: TestClient) -> None:
    for path in ("/api/v1/articles/nope", "/api/v1/jobs/nope", "/api/v1/programmes/nope/audio",
                 "/api/v1/programmes/nope"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "No " in response.json()["detail"]
    assert client.post("/api/v1/articles/nope/render").status_code == 404


def test_render_queues_a_job(client: TestClient) -> None:
    article = client.post("/api/v1/articles", json={"text": "Tiêu đề\n\nNội dung bản tin."}).json()
    queued = client.post(f"/api/v1/articles/{article['id']}/render")
    assert queued.status_code == 202
    job = client.get(f"/api/v1/jobs/{queued.json()['job_id']}").json()
    assert job["state"] == "queued" and job["progress"] == 0 and job["article_id"] == article["id"]


def test_a_link_becomes_an_article(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.settings import get_settings
    from tests.conftest import DATA
    from tests.fakes.web_pages import Page, Site, serve

    page = (DATA / "documents" / "article-page.html").read_bytes()
    with serve(Site({"/tin": Page(body=page), "/gone": Page(404, b"")})) as site:
        monkeypatch.setenv("BANTIN_FETCH_ALLOW_HOSTS", site.base.removeprefix("http://"))
        get_settings.cache_clear()
        created = client.post("/api/v1/articles", json={"url": f"{site.base}/tin"})
        missing = client.post("/api/v1/articles", json={"url": f"{site.base}/gone"})
    assert created.status_code == 201, created.text
    assert created.json()["title"] == "Xã An Hòa ra quân dọn vệ sinh môi trường"
    assert missing.status_code == 422 and "404" in missing.json()["detail"]
    assert article_count() == 1


@pytest.mark.parametrize(
    "body",
    [{"url": "http://127.0.0.1:9/private"}, {"url": "file:///etc/passwd"}, {"text": "x", "url": "http://a.vn/"},
     {"title": "no text or url"},
     {"text": "Trang chủ\nTin tức\nChia sẻ\nFacebook\nZalo\nLượt xem: 120\nTin liên quan"}],
    ids=["private-address", "not-http", "both", "neither", "only-page-furniture"],
)
def test_links_and_texts_that_give_nothing_to_read_store_nothing(client: TestClient, body: dict[str, str]) -> None:
    response = client.post("/api/v1/articles", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert article_count() == 0
