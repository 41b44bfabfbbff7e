"""Staff corrections: editing the script and the station lexicon, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts

ARTICLE = """Xã Yên Lộc ra quân làm đường

Sáng nay, HTX Yên Lộc ra quân làm đường.

Ông Trần Văn Bình cho biết xã sẽ làm 5 km đường.

Minh Tuấn – Đài truyền thanh xã
"""


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


@pytest.fixture
def article(client: TestClient) -> dict:
    response = client.post("/api/v1/articles", json={"text": ARTICLE})
    assert response.status_code == 201
    return response.json()


def edit(client: TestClient, article_id: str, segments: list[dict]):  # type: ignore[no-untyped-def]
    current = client.get(f"/api/v1/articles/{article_id}").headers["etag"]
    return client.put(f"/api/v1/articles/{article_id}/script", json={"segments": segments},
                      headers={"If-Match": current})


def test_change_role_and_speaker(client: TestClient, article: dict) -> None:
    segments = [{k: s[k] for k in ("role", "speaker", "text", "source_lines")} for s in article["script"]["segments"]]
    segments[2].update(role="official", speaker="Trần Văn Bình")
    response = edit(client, article["id"], segments)
    assert response.status_code == 200
    stored = client.get(f"/api/v1/articles/{article['id']}").json()["script"]
    assert (stored["segments"][2]["role"], stored["segments"][2]["speaker"]) == ("official", "Trần Văn Bình")
    assert stored["segments"][2]["spoken"].replace("\u00a0", " ").endswith("năm ki lô mét đường.")


def test_merge_and_split_and_drop(client: TestClient, article: dict) -> None:
    segments = [
        {"role": "title", "text": "Yên Lộc làm đường", "source_lines": [0]},
        {"role": "narrator", "text": "Sáng nay, HTX Yên Lộc ra quân.", "source_lines": [1]},
        {"role": "narrator", "text": "Các xã viên làm đường.", "source_lines": [1]},
        {"role": "narrator", "text": "Ông Bình cho biết xã làm 5 km.", "source_lines": [2]},
    ]
    response = edit(client, article["id"], segments)
    assert response.status_code == 200
    script = response.json()["script"]
    assert script["title"] == "Yên Lộc làm đường"
    assert [s["source_lines"] for s in script["segments"]] == [[0], [1], [1], [2]]
    assert script["skipped"] == [{"source_line": 3, "reason": "removed_by_editor", "why": "removed_by_editor",
                                  "text": "Minh Tuấn – Đài truyền thanh xã", "confidence": 1.0}]
    assert [s["why"] for s in script["segments"]] == ["edited"] * 4
    merged = edit(client, article["id"], [{"role": "narrator", "text": "Tất cả.", "source_lines": [1, 2]}])
    assert merged.status_code == 200
    assert merged.json()["script"]["segments"][0]["source_lines"] == [1, 2]


@pytest.mark.parametrize(
    "segments",
    [
        [],
        [{"role": "anchor", "text": "x", "source_lines": [0]}],
        [{"role": "narrator", "text": "   ", "source_lines": [0]}],
        [{"role": "narrator", "text": "Được.", "source_lines": [99]}],
        [{"role": "narrator", "text": "Được.", "source_lines": []}],
        [{"role": "narrator", "text": "Sau.", "source_lines": [2]}, {"role": "narrator", "text": "Trước.",
                                                                     "source_lines": [1]}],
        [{"role": "title", "text": "Một.", "source_lines": [0]}, {"role": "title", "text": "Hai.",
                                                                  "source_lines": [1]}],
    ],
    ids=["empty", "unknown-role", "blank-text", "line-out-of-range", "no-lines", "out-of-order", "two-titles"],
)
def test_invalid_edits_are_422_and_change_nothing(client: TestClient, article: dict, segments: list[dict]) -> None:
    response = edit(client, article["id"], segments)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert client.get(f"/api/v1/articles/{article['id']}").json()["script"] == article["script"]


def test_lexicon_crud_and_it_applies_to_new_scripts(client: TestClient) -> None:
    created = client.post("/api/v1/lexicon", json={"term": "HTX", "spoken": "hợp tác xã nông nghiệp"})
    assert created.status_code == 201
    entry = created.json()
    assert client.get("/api/v1/lexicon").json() == [entry]
    script = client.post("/api/v1/articles", json={"text": ARTICLE}).json()["script"]
    assert "hợp tác xã nông nghiệp Yên Lộc" in script["segments"][1]["spoken"].replace("\u00a0", " ")

    patched = client.patch(f"/api/v1/lexicon/{entry['id']}", json={"spoken": "hợp tác xã dịch vụ"})
    assert patched.status_code == 200 and patched.json()["spoken"] == "hợp tác xã dịch vụ"
    assert client.delete(f"/api/v1/lexicon/{entry['id']}").status_code == 204
    assert client.get("/api/v1/lexicon").json() == []
    assert client.delete(f"/api/v1/lexicon/{entry['id']}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{"term": "", "spoken": "x"}, {"term": "HTX", "spoken": "  "}, {"term": "HTX", "spoken": "123"},
     {"term": "x" * 101, "spoken": "dài"}, {"spoken": "thiếu từ"}],
    ids=["empty-term", "empty-spoken", "no-words", "too-long", "missing-term"],
)
def test_invalid_lexicon_entries_are_422(client: TestClient, body: dict) -> None:
    response = client.post("/api/v1/lexicon", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert client.get("/api/v1/lexicon").json() == []


def test_duplicate_term_is_422(client: TestClient) -> None:
    assert client.post("/api/v1/lexicon", json={"term": "HTX", "spoken": "hợp tác xã"}).status_code == 201
    again = client.post("/api/v1/lexicon", json={"term": "HTX", "spoken": "hợp tác"})
    assert again.status_code == 422 and "đã có" in again.json()["detail"]
