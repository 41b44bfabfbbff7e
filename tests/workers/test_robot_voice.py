"""No robot on air by surprise: a scheduled programme whose parts only espeak-ng could speak (Google
unreachable) is published marked under the station's "warn" policy, or kept from relays under "hold" with the
parts and the better engine's failure shown to staff, until a person releases it or the voice upgrade
replaces those parts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from service.robot_voice import parts, state_after_build, state_after_upgrade
from tests.conftest import PASSWORD, Accounts, free_port
from tests.fakes.google_tts import FakeGoogle
from tests.workers.test_programmes import approved, morning
from tests.workers.tts.test_gtts import FAST


def sidecar(*engines: str | None) -> dict:
    return {"segments": [{"kind": "speech" if e else "jingle", "engine": e, "start_s": 10.0 * n, "role": "narrator",
                          "text": f"câu {n}"} for n, e in enumerate(engines)]}


@pytest.mark.parametrize(("case", "programme", "first", "expected"), [
    ("every part in the first voice", sidecar(None, "gtts", "gtts"), "gtts", []),
    ("one part in the robot voice", sidecar(None, "gtts", "espeak"), "gtts", [2]),
    ("a part spoken partly by each", sidecar("gtts,espeak", "gtts"), "gtts", [0]),
    ("the station chose espeak-ng first", sidecar("espeak", "espeak"), "espeak", []),
    ("a cloud voice fell back to Google, not the robot", sidecar("fptai", "gtts"), "fptai", []),
])
def test_robot_parts_name_the_part_and_why(case: str, programme: dict, first: str, expected: list[int]) -> None:
    found = parts(programme, {2: ["gtts: cannot be reached"]}, first_choice=first)
    assert [p["part"] for p in found] == expected, case
    if expected == [2]:
        assert found[0]["reason"] == "gtts: cannot be reached" and found[0]["start_s"] == 20.0


@pytest.mark.parametrize(("policy", "robot", "scheduled", "expected"), [
    ("warn", [{"part": 1}], True, "ready"),
    ("hold", [{"part": 1}], True, "held"),
    ("hold", [], True, "ready"),
    ("hold", [{"part": 1}], False, "ready"),  # an emergency bulletin always goes out
])
def test_state_after_build(policy: str, robot: list, scheduled: bool, expected: str) -> None:
    assert state_after_build(policy, robot, scheduled=scheduled) == expected


def test_state_after_upgrade() -> None:
    assert [state_after_upgrade("held", []), state_after_upgrade("held", [{"part": 1}]),
            state_after_upgrade("ready", [])] == ["ready", "held", "ready"]


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


@pytest.fixture
def no_google(monkeypatch: pytest.MonkeyPatch) -> int:
    """Google's voice first, but nothing listens where it should answer; the port, to bring it back later."""
    from tests.conftest import _clear_caches

    port = free_port()
    for key, value in {**FAST, "BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": f"http://127.0.0.1:{port}",
                       "BANTIN_PREVIEW_WAIT_S": "0.3", "BANTIN_BREAKER_COOLDOWN_S": "0.2",
                       "BANTIN_FALLBACK_MARGIN_S": str(2 * 86400)}.items():  # the build's deadline is now
        monkeypatch.setenv(key, value)
    _clear_caches()
    return port


def _build(client: TestClient, accounts: Accounts, monkeypatch: pytest.MonkeyPatch, *, policy: str | None) -> str:
    """An approved article (spoken offline), the station's policy set, then tomorrow's morning programme of
    Ân Hòa built by the worker's own code while Google cannot be reached."""
    from tests.conftest import _clear_caches
    from workers import broadcast_job

    monkeypatch.setenv("BANTIN_ENGINES", "espeak")
    _clear_caches()
    article = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    if policy:
        answer = client.patch("/api/v1/station", json={"robot_voice_policy": policy}, headers=accounts.headers("admin"))
        assert answer.status_code == 200 and answer.json()["robot_voice_policy"] == policy
    monkeypatch.setenv("BANTIN_ENGINES", "gtts,espeak")
    _clear_caches()
    monkeypatch.setattr(broadcast_job, "enqueue", lambda *a, **k: None)  # the upgrade is run by hand below
    day = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() + timedelta(days=1)
    broadcast_id = broadcast_job.build(accounts.station_id, morning(accounts).id, day.isoformat(),
                                       accounts.communes["Ân Hòa"])
    assert broadcast_id is not None
    return article


def _row(client: TestClient, accounts: Accounts) -> dict:
    rows = client.get("/api/v1/broadcasts", headers=accounts.headers("editor")).json()
    return next(r for r in rows if r["commune"] == "Ân Hòa")


def _relay_ids(client: TestClient, accounts: Accounts) -> list[str]:
    answer = client.get("/api/v1/relay/programmes", headers=accounts.headers("relay"))
    assert answer.status_code == 200
    return [p["id"] for p in answer.json()]


def _page_row(client: TestClient) -> tuple[str, str]:
    page = client.get("/chuong-trinh").text
    return page, page.split("<td>Ân Hòa</td>", 1)[1].split("</tr>", 1)[0]


def test_warn_publishes_the_programme_marked_with_its_robot_parts(
        client: TestClient, accounts: Accounts, no_google: int, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(client, accounts, monkeypatch, policy=None)  # "warn" is the default
    row = _row(client, accounts)
    assert row["state"] == "ready" and row["held"] is False
    assert row["robot_parts"], row
    assert all(p["engine"] == "espeak" and p["reason"].startswith("gtts:") for p in row["robot_parts"])
    assert row["id"] in _relay_ids(client, accounts)
    client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    page, cells = _page_row(client)
    assert f"{len(row['robot_parts'])} phần đọc bằng giọng máy" in cells and "Sẵn sàng" in cells
    assert "đang bị giữ lại" not in page and "Phát dù giọng máy" not in page


def test_hold_keeps_it_from_relays_until_an_approver_releases_it(
        client: TestClient, accounts: Accounts, no_google: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.db import session_scope
    from service.models import AuditEntry

    article = _build(client, accounts, monkeypatch, policy="hold")
    row = _row(client, accounts)
    assert row["state"] == "held" and row["held"] is True
    robot = row["robot_parts"]
    assert robot and all(p["engine"] == "espeak" and p["reason"].startswith("gtts:") and "cannot reach" in p["reason"]
                         for p in robot), robot
    # Not on the relay: not listed, not downloadable, not in the feed; staff can still hear it.
    assert row["id"] not in _relay_ids(client, accounts)
    audio = f"/api/v1/relay/programmes/{row['id']}/audio"
    assert client.get(audio, headers=accounts.headers("relay")).status_code == 404
    assert client.get(audio, headers=accounts.headers("editor")).status_code == 200
    feed = client.post("/api/v1/relay/feed-secret", headers=accounts.headers("relay"))
    assert feed.status_code == 201, feed.text
    rss = client.get(feed.json()["rss"])
    assert rss.status_code == 200 and row["id"] not in rss.text
    metrics = client.get("/metrics").text
    assert "bantin_programmes_held 1.0" in metrics
    # The page alerts staff and says which parts and why; only approvers and admins see the button.
    client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    page, cells = _page_row(client)
    assert "chương trình đang bị giữ lại" in page and "Đang giữ lại (giọng máy)" in cells
    assert f"{len(robot)} phần đọc bằng giọng máy" in cells and "vì: gtts" in cells
    assert "Phát dù giọng máy" not in cells
    assert "đang bị giữ lại" in client.get(f"/bai-viet/{article}").text  # and on the article's approval page
    release = f"/api/v1/broadcasts/{row['id']}/release"
    assert client.post(release, headers=accounts.headers("editor")).status_code == 403
    client.post("/api/v1/auth/login", json={"username": "approver", "password": PASSWORD})
    assert "Phát dù giọng máy" in _page_row(client)[1]
    # The explicit word: published, and each article's trail says who did it.
    answer = client.post(release, headers=accounts.headers("approver"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "ready" and answer.json()["released_by"].endswith("approver")
    assert row["id"] in _relay_ids(client, accounts) and row["id"] in client.get(feed.json()["rss"]).text
    assert client.post(release, headers=accounts.headers("approver")).status_code == 409  # once
    with session_scope() as session:
        trail = [e for e in session.query(AuditEntry).filter_by(article_id=article)
                 if e.action == "release robot voice"]
    assert len(trail) == 1 and trail[0].username.endswith("approver")
    assert "phát dù giọng máy" in (trail[0].note or "")
    assert "bantin_programmes_held 0.0" in client.get("/metrics").text


def test_a_held_programme_goes_out_by_itself_when_the_upgrade_speaks_it_in_the_first_voice(
        client: TestClient, accounts: Accounts, no_google: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from workers import broadcast_job

    _build(client, accounts, monkeypatch, policy="hold")
    row = _row(client, accounts)
    assert row["held"] and row["id"] not in _relay_ids(client, accounts)
    assert broadcast_job.upgrade(row["id"]) is False  # Google still away: still held
    assert _row(client, accounts)["held"]
    with FakeGoogle(port=no_google):  # the network comes back
        # Past the breaker's cool-down one probe goes first (the pieces spoken beside it still fall back);
        # once it closes the breaker the next try speaks every part: the worker tries again until air.
        upgraded = []
        for _ in range(5):
            time.sleep(0.3)
            upgraded.append(broadcast_job.upgrade(row["id"]))
            if not _row(client, accounts)["robot_parts"]:
                break
        assert True in upgraded, upgraded
    after = _row(client, accounts)
    assert after["state"] == "ready" and after["robot_parts"] == [] and after["voice_upgraded"]
    assert after["released_by"] is None  # nobody had to say so
    assert row["id"] in _relay_ids(client, accounts)
