"""Stations' own jingles: uploaded through the API, checked and converted by the worker's job."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app, headers=accounts.headers("editor")) as c:
        yield c


def tone_wav(seconds: float, freq: float = 660.0, rate: int = 44_100, channels: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        frame = [int(12000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(int(seconds * rate))]
        w.writeframes(b"".join(struct.pack("<h", s) * channels for s in frame))
    return buffer.getvalue()


def upload(client: TestClient, name: str, kind: str, data: bytes, filename: str = "f.wav"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/templates/{name}/{kind}", files={"file": (filename, data, "audio/wav")})


def prepare(file_id: str) -> str:
    from workers import template_job

    return template_job.prepare(file_id)


def test_a_valid_jingle_is_converted_to_the_house_format(client: TestClient) -> None:
    from service.settings import get_settings

    response = upload(client, "yen-loc", "intro", tone_wav(3.0))
    assert response.status_code == 202 and response.json()["state"] == "pending"
    assert prepare(response.json()["id"]) == "ready"
    row = client.get(f"/api/v1/templates/files/{response.json()['id']}").json()
    assert row["state"] == "ready" and row["duration_s"] == pytest.approx(3.0, abs=0.05)
    converted = next((get_settings().audio_root / "templates" / "yen-loc").glob("intro-*.wav"))
    with wave.open(str(converted), "rb") as w:
        assert (w.getnchannels(), w.getframerate()) == (1, get_settings().house_sample_rate)
    assert [f["kind"] for f in client.get("/api/v1/templates").json()["yen-loc"]] == ["intro"]


@pytest.mark.parametrize(
    ("kind", "data", "reason"),
    [("stinger", tone_wav(8.0), "0.2 đến 5 giây"), ("intro", b"this is not audio at all" * 100, "Không đọc được"),
     ("bed", tone_wav(1.0), "5 đến 300 giây")],
    ids=["stinger-too-long", "not-audio", "bed-too-short"],
)
def test_bad_jingles_are_rejected_with_a_reason(client: TestClient, kind: str, data: bytes, reason: str) -> None:
    response = upload(client, "yen-loc", kind, data)
    assert prepare(response.json()["id"]) == "rejected"
    row = client.get(f"/api/v1/templates/files/{response.json()['id']}").json()
    assert row["state"] == "rejected" and reason in row["error"]


@pytest.mark.parametrize(("name", "kind"), [("Bad Name", "intro"), ("ok", "anthem"), ("../x", "intro")])
def test_bad_names_are_422(client: TestClient, name: str, kind: str) -> None:
    response = upload(client, name, kind, tone_wav(2.0))
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_render_with_the_station_template_uses_its_intro(client: TestClient, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from service.running_order import for_station
    from service.settings import get_settings
    from service.storage import get_storage
    from service.text.script import build_script
    from workers.pipeline import render

    response = upload(client, "yen-loc", "intro", tone_wav(6.0))
    prepare(response.json()["id"])
    monkeypatch.setenv("BANTIN_TEMPLATE", "yen-loc")
    get_settings.cache_clear()
    settings = get_settings()
    storage = get_storage(settings)
    result = render([build_script("Tin\n\nNội dung.")], tmp_path / "out.mp3", template=for_station(settings, storage),
                    settings=settings, storage=storage)
    intro = result.assembled.timeline[0]
    assert intro["kind"] == "jingle" and intro["duration_s"] == pytest.approx(6.4, abs=0.1)  # 6 s + the pause


def test_station_chooses_its_template_and_voices(client: TestClient, accounts: Accounts) -> None:
    from tests.conftest import make_accounts

    admin = accounts.headers("admin")
    assert client.patch("/api/v1/station", json={"template": "yen-loc"}, headers=admin).status_code == 422
    prepare(upload(client, "yen-loc", "intro", tone_wav(3.0)).json()["id"])
    chosen = client.patch("/api/v1/station", json={"template": "yen-loc", "voice_set": "slow"}, headers=admin)
    assert chosen.status_code == 200 and (chosen.json()["template"], chosen.json()["voice_set"]) == ("yen-loc", "slow")
    assert client.patch("/api/v1/station", json={"voice_set": "whispers"}, headers=admin).status_code == 422
    assert client.patch("/api/v1/station", json={"template": "house"},
                        headers=accounts.headers("editor")).status_code == 403
    # Another station can neither see nor add to this station's template.
    other = make_accounts("Đài truyền thanh huyện Yên Mô", prefix="ym-")
    theirs = client.post("/api/v1/templates/yen-loc/outro", files={"file": ("o.wav", tone_wav(2.0), "audio/wav")},
                         headers=other.headers("editor"))
    assert theirs.status_code == 422 and "đài khác" in theirs.json()["detail"]
    assert "yen-loc" not in client.get("/api/v1/templates", headers=other.headers("editor")).json()
