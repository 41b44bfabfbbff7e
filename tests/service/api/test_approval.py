"""Approving a programme with parts in the robot voice: the approver's explicit word, kept in the log, or a
station's outright no."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service import approval
from tests.conftest import Accounts, _clear_caches

TEXT = "Thông báo lịch tiêm chủng\n\nTrạm y tế xã tiêm chủng mở rộng vào ngày 15/6/2024.\n\nMinh Anh"


def speech(engine: str, role: str = "narrator", start_s: float = 0.0, kind: str = "speech") -> dict[str, Any]:
    return {"start_s": start_s, "duration_s": 3.0, "kind": kind, "role": role, "speaker": None, "engine": engine}


# timeline, the installation's first-choice engine → the start times of the parts in a robot voice
ROBOT = [
    ("all in the first-choice voice", [speech("gtts"), speech("gtts", start_s=3)], "gtts", []),
    ("one part fell back to espeak", [speech("gtts"), speech("espeak", start_s=63)], "gtts", [63.0]),
    ("a part with chunks from both", [speech("gtts,espeak", start_s=5)], "gtts", [5.0]),
    ("a jingle is not a voice", [speech("espeak", kind="intro")], "gtts", []),
    ("a station that chose espeak has no fallback", [speech("espeak")], "espeak", []),
    ("a programme not yet rendered", None, "gtts", []),
]


@pytest.mark.parametrize(("case", "timeline", "first", "starts"), ROBOT, ids=[r[0] for r in ROBOT])
def test_robot_parts(case: str, timeline: list[dict[str, Any]] | None, first: str, starts: list[float]) -> None:
    sidecar = None if timeline is None else {"segments": timeline}
    assert [p.start_s for p in approval.robot_parts(sidecar, first_choice=first)] == starts


@pytest.mark.parametrize(("robot", "confirmed", "allowed", "refused"), [
    (0, False, False, None),  # nothing in the robot voice: nothing to confirm, whatever the station says
    (2, False, True, "Bản thu có 2 phần đọc bằng giọng máy"),
    (2, True, True, None),
    (2, True, False, "Đài không cho phép duyệt bản có giọng máy"),
])
def test_refusal(robot: int, confirmed: bool, allowed: bool, refused: str | None) -> None:
    said = approval.refusal(robot, confirmed=confirmed, allowed=allowed)
    assert (said or "").startswith(refused or "") and (said is None) == (refused is None)


@pytest.fixture
def fallback_engines(settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """gTTS first and espeak-ng as its fallback, as on a station's own machine."""
    settings_env["BANTIN_ENGINES"] = "gtts,espeak"
    monkeypatch.setenv("BANTIN_ENGINES", "gtts,espeak")
    _clear_caches()


@pytest.fixture
def client(fallback_engines: None, accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def submitted_with(article_id: str, timeline: list[dict[str, Any]]) -> str:
    """The article, now waiting for approval with a render that spoke the given timeline (made here: rendering is
    tested elsewhere, this is about what approval does with it)."""
    from service.db import session_scope
    from service.models import Article, Recording

    with session_scope() as session:
        recording = Recording(article_id=article_id, audio_key="programmes/x.mp3", duration_s=95.0, size_bytes=1,
                              sha256="0" * 64, integrated_lufs=-16.0, true_peak_db=-1.5, loudness_range_lu=4.0,
                              sidecar={"segments": timeline})
        session.add(recording)
        session.flush()
        article = session.get(Article, article_id)
        assert article is not None
        article.last_programme_id, article.status = recording.id, "submitted"
    return article_id


FALLBACK = [speech("gtts"), speech("espeak", "official", 61.0), speech("espeak", "byline", 90.0)]

# timeline, station allows, what the approver sends → status, the approval's note in the log
APPROVALS = [
    ("no robot voice: approved as before", [speech("gtts")], True, {}, 200, None),
    ("robot voice without the approver's word", FALLBACK, True, {}, 409, None),
    ("robot voice with it", FALLBACK, True, {"robot_voice_ok": True}, 200,
     "xác nhận phát giọng máy ở 2 phần (lúc 1:01, 1:30)"),
    ("with a reason as well", FALLBACK, True, {"robot_voice_ok": True, "reason": "tin gấp"}, 200,
     "tin gấp; xác nhận phát giọng máy ở 2 phần (lúc 1:01, 1:30)"),
    ("the station forbids it", FALLBACK, False, {"robot_voice_ok": True}, 409, None),
]


@pytest.mark.parametrize(("case", "timeline", "allowed", "body", "status", "note"), APPROVALS,
                         ids=[a[0] for a in APPROVALS])
def test_approving_robot_voice(client: TestClient, accounts: Accounts, case: str, timeline: list[dict[str, Any]],
                               allowed: bool, body: dict[str, Any], status: int, note: str | None) -> None:
    created = client.post("/api/v1/articles", json={"text": TEXT}, headers=accounts.headers("editor")).json()
    article_id = submitted_with(created["id"], timeline)
    station = client.patch("/api/v1/station", json={"allow_robot_voice": allowed}, headers=accounts.headers("admin"))
    assert station.status_code == 200 and station.json()["allow_robot_voice"] is allowed
    url = f"/api/v1/articles/{article_id}"
    answer = client.post(f"{url}/approve", json=body, headers=accounts.headers("approver"))
    assert answer.status_code == status, answer.text
    trail = client.get(f"{url}/audit", headers=accounts.headers("approver")).json()
    approvals = [e["note"] for e in trail if e["action"] == "approve"]
    if status == 200:
        assert approvals == [note] and answer.json()["status"] == "approved"
    else:
        assert approvals == [] and "giọng máy" in answer.json()["detail"]
        assert client.get(url, headers=accounts.headers("approver")).json()["status"] == "submitted"
