"""No edit is lost: every article has a version, a change is accepted only on the version it was made from,
every saved version is kept, and what an approver heard is what airs."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import Accounts

TEXT = ("Lịch tiêm chủng tháng sáu\n\nTrạm y tế xã tiêm chủng mở rộng vào ngày 15/6/2024.\n\n"
        "Phụ huynh mang theo sổ tiêm chủng của trẻ.\n\nTrạm y tế xã mở cửa từ 7 giờ sáng.")


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


def parts(script: dict) -> list[dict]:
    return [{k: s[k] for k in ("role", "speaker", "text", "source_lines")} for s in script["segments"]]


def saved_versions(article_id: str) -> int:
    from service.db import session_scope
    from service.models import ArticleVersion

    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(ArticleVersion)
                                  .where(ArticleVersion.article_id == article_id)) or 0)


def test_two_editors_from_one_version_one_wins_the_other_is_told(client: TestClient) -> None:
    article = client.post("/api/v1/articles", json={"text": TEXT}).json()
    url = f"/api/v1/articles/{article['id']}"
    loaded = client.get(url)
    etag, script = loaded.headers["etag"], loaded.json()["script"]
    assert loaded.json()["version"] == 1 and etag == '"1"'
    first, second = parts(script), parts(script)
    first[1]["text"] += " Bà con nhớ mang sổ."
    second[-1]["text"] = "Trạm y tế xã mở cửa từ 6 giờ 30 sáng."
    answers: list[int] = []
    threads = [threading.Thread(target=lambda s=s: answers.append(
        client.put(f"{url}/script", json={"segments": s}, headers={"If-Match": etag}).status_code))
        for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 412]
    now = client.get(url).json()
    assert now["version"] == 2 and saved_versions(article["id"]) == 2  # the first save and the one that won
    # The one refused learns who changed what, and sends again on the new version: nothing is lost.
    loser = second if now["script"]["segments"][1]["text"].endswith("mang sổ.") else first
    stale = client.put(f"{url}/script", json={"segments": loser}, headers={"If-Match": etag})
    assert stale.status_code == 412
    body = stale.json()
    assert body["version"] == 2 and body["changed_by"] == "editor" and "sửa lúc" in body["detail"]
    assert body["changed_lines"]  # which lines changed since the version the edit was made on
    merged = parts(now["script"])
    merged[-1]["text"] = "Trạm y tế xã mở cửa từ 6 giờ 30 sáng."
    merged[1]["text"] = first[1]["text"]
    assert client.put(f"{url}/script", json={"segments": merged, "version": 2}).status_code == 200
    final = client.get(url).json()["script"]["segments"]
    assert final[1]["text"].endswith("mang sổ.") and final[-1]["text"].startswith("Trạm y tế xã mở cửa từ 6 giờ 30")


@pytest.mark.parametrize("change", ["script", "patch"])
def test_a_change_without_a_version_is_refused(client: TestClient, change: str) -> None:
    article = client.post("/api/v1/articles", json={"text": TEXT}).json()
    url = f"/api/v1/articles/{article['id']}"
    if change == "script":
        answer = client.put(f"{url}/script", json={"segments": parts(article["script"])})
    else:
        answer = client.patch(url, json={"priority": "priority"})
    assert answer.status_code == 428 and "If-Match" in answer.json()["detail"]
    assert client.get(url).json()["version"] == 1 and saved_versions(article["id"]) == 1


def test_history_and_restore_as_a_new_version(client: TestClient) -> None:
    article = client.post("/api/v1/articles", json={"text": TEXT}).json()
    url = f"/api/v1/articles/{article['id']}"
    original = parts(article["script"])
    changed = parts(article["script"])
    changed[1]["text"] = "Trạm y tế xã hoãn buổi tiêm chủng."
    assert client.put(f"{url}/script", json={"segments": changed, "version": 1}).status_code == 200
    history = client.get(f"{url}/versions").json()
    assert [(v["version"], v["why"], v["username"]) for v in history] == [(1, "create", "editor"),
                                                                           (2, "edit", "editor")]
    assert history[1]["changed_lines"] == [1]
    assert client.get(f"{url}/versions/1").json()["segments"][1]["text"] == original[1]["text"]
    restored = client.post(f"{url}/versions/1/restore", headers={"If-Match": '"2"'})
    assert restored.status_code == 200 and restored.json()["version"] == 3
    assert restored.json()["script"]["segments"][1]["text"] == original[1]["text"]
    assert [v["why"] for v in client.get(f"{url}/versions").json()] == ["create", "edit", "restore"]
    edit = client.get(f"{url}/versions/2/changes").json()  # what one version changed, line by line
    assert [(c["line"], c["after"]) for c in edit] == [(1, "[narrator] Trạm y tế xã hoãn buổi tiêm chủng.")]
    assert original[1]["text"] in edit[0]["before"]
    assert client.get(f"{url}/versions/3/changes", params={"since": 1}).json() == []  # restored: as it was
    assert client.get(f"{url}/versions/9/changes").status_code == 404
    trail = client.get(f"{url}/audit").json()  # audit rows point at the versions they made
    assert [(e["action"], e["version"]) for e in trail] == [("create", 1), ("edit script", 2),
                                                            ("edit restore version 1", 3)]


def test_what_airs_is_what_the_approver_heard(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from tests.workers.test_programmes import morning
    from workers import broadcast_job, render_job

    article = client.post("/api/v1/articles", json={"text": "Tin xã\n\nHTX Yên Lộc ra quân làm đường."}).json()
    url = f"/api/v1/articles/{article['id']}"
    render_job.run(client.post(f"{url}/render").json()["job_id"])
    client.post(f"{url}/submit")
    approved = client.post(f"{url}/approve", headers=accounts.headers("approver")).json()
    assert approved["approved_version"] == approved["version"]
    heard = [s["spoken"].replace("\u00a0", " ") for s in approved["script"]["segments"]]
    assert any("hợp tác xã" in s for s in heard)
    # After approval the station changes how "HTX" is read: that must not reach the air unapproved.
    assert client.post("/api/v1/lexicon", json={"term": "HTX", "spoken": "hợp tác xã kiểu mới"}).status_code == 201
    assert client.post(f"{url}/render").status_code == 409  # nor can it be re-rendered with the new reading
    broadcast = broadcast_job.build(accounts.station_id, morning(accounts).id, "2026-11-27",
                                    accounts.communes["Ân Hòa"])
    with session_scope() as session:
        recording = session.get(Recording, session.get(Broadcast, broadcast).programme_id)  # type: ignore[union-attr]
        said = " ".join(str(t["text"]) for t in recording.sidecar["segments"] if t.get("article") == 0)  # type: ignore[union-attr]
    assert "hợp tác xã Yên Lộc" in said and "kiểu mới" not in said
    # Once in a commune's programme it cannot change under the listeners; before that, an edit sends an
    # approved article back to draft, and it does not air until approved again.
    scheduled = client.put(f"{url}/script", json={"segments": parts(approved["script"]),
                                                  "version": approved["version"]})
    assert scheduled.status_code == 409
    other = client.post("/api/v1/articles", json={"text": "Tin hai\n\nXã tổ chức hội thi văn nghệ."}).json()
    other_url = f"/api/v1/articles/{other['id']}"
    render_job.run(client.post(f"{other_url}/render").json()["job_id"])
    client.post(f"{other_url}/submit")
    approved_other = client.post(f"{other_url}/approve", headers=accounts.headers("approver")).json()
    edited = client.put(f"{other_url}/script", json={"segments": parts(approved_other["script"]),
                                                      "version": approved_other["version"]}).json()
    assert edited["status"] == "draft" and edited["approved_version"] is None
