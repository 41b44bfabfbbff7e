"""The station's own voice: a reading uploaded for one part replaces the synthetic voice in the programme, at the
part's place, until the part's text changes. Real API and worker processes; the programme decoded and searched."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from tests.audio import best_correlation, tone_steps, wav_bytes
from tests.conftest import Accounts, Processes
from workers.audio import ffmpeg

TEXT = ("Thông báo của xã Ân Hòa\n\n"
        "Sáng mai xã tổ chức tiêm phòng cho đàn gia súc tại nhà văn hóa thôn Đông.\n\n"
        "Đề nghị các hộ chăn nuôi đưa trâu bò đến đúng giờ.\n\n"
        "Mọi thắc mắc xin liên hệ cán bộ thú y xã.")
RATE = 16_000  # decoded for comparison: the loudspeaker profile keeps nothing over 7.5 kHz
READING_S = 2.4


@pytest.fixture
def site(processes: Processes, accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> str:
    processes.env["BANTIN_VOICE_TRACK_MAX_S"] = "8"
    processes.worker()
    return processes.api()


def reading() -> tuple[np.ndarray, bytes]:
    """The tones alone (to search for) and the file as a person records it: silence before and after."""
    body = tone_steps(READING_S, rate=44_100)
    with_room = np.concatenate([np.zeros(int(44_100 * 0.9)), body, np.zeros(int(44_100 * 0.7))])
    return body, wav_bytes(with_room, 44_100)


def render(base: str, article_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """Render, wait for the job, and return the programme's sidecar with the MP3's path."""
    job = httpx.post(f"{base}/api/v1/articles/{article_id}/render", headers=headers).json()["job_id"]
    deadline = time.monotonic() + 180
    while (state := httpx.get(f"{base}/api/v1/jobs/{job}", headers=headers).json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state["state"] == "done", state
    programme = state["programme_id"]
    sidecar = httpx.get(f"{base}/api/v1/programmes/{programme}/sidecar", headers=headers).json()
    audio = httpx.get(f"{base}/api/v1/programmes/{programme}/audio", headers=headers, timeout=30).content
    return {"sidecar": sidecar, "mp3": audio, "job": state}


def part(sidecar: dict[str, Any], index: int) -> dict[str, Any]:
    return next(s for s in sidecar["segments"] if s["index"] == index and s["kind"] == "speech")


def found_at(mp3: bytes, tmp: Path, source: np.ndarray, start_s: float, duration_s: float) -> tuple[float, float]:
    """(correlation, offset in seconds from the part's start) of the source's best match near the part."""
    path = tmp / "programme.mp3"
    path.write_bytes(mp3)
    pcm = np.frombuffer(ffmpeg.decode_pcm(path, sample_rate=RATE), dtype="<i2").astype(np.float64)
    wanted = np.interp(np.arange(0, len(source) / 44_100, 1 / RATE), np.arange(len(source)) / 44_100, source)
    lo = max(0, int((start_s - 0.5) * RATE))
    hi = min(len(pcm), int((start_s + duration_s + 0.5) * RATE))
    score, offset = best_correlation(pcm[lo:hi], wanted)
    return score, (lo + offset) / RATE - start_s


def test_a_reading_replaces_the_voice_for_its_part_until_its_text_changes(site: str, accounts: Accounts,
                                                                          tmp_path: Path) -> None:
    editor = accounts.headers("editor")
    article = httpx.post(f"{site}/api/v1/articles", json={"text": TEXT}, headers=editor).json()
    url = f"{site}/api/v1/articles/{article['id']}"
    index = next(s["index"] for s in article["script"]["segments"] if s["text"].startswith("Đề nghị"))
    source, upload = reading()

    put = httpx.put(f"{url}/script/{index}/voice-track", headers=editor, timeout=60,
                    files={"file": ("doc.wav", upload, "audio/wav")})
    assert put.status_code == 200, put.text
    track = put.json()
    assert track["index"] == index and track["matches"] is True and track["username"] == "editor"
    assert track["duration_s"] == pytest.approx(0.9 + READING_S + 0.7, abs=0.05)  # stored as uploaded
    listened = httpx.get(f"{site}{track['audio_url']}", headers=accounts.headers("approver"))
    assert listened.status_code == 200 and listened.headers["content-type"] == "audio/wav"
    assert httpx.get(url, headers=editor).json()["voice_tracks"] == [track]

    first = render(site, article["id"], editor)
    recorded = part(first["sidecar"], index)
    assert recorded["engine"] == "recording"
    assert {s["engine"] for s in first["sidecar"]["segments"] if s["kind"] == "speech"} == {"espeak", "recording"}
    assert "recording" in first["job"]["engines"] and not first["job"]["warnings"]  # not a fallback voice
    # Trimmed: the part lasts the tones, a little padding and the pause after it, not the room before and after.
    assert recorded["duration_s"] < READING_S + 0.25 + 1.2
    score, offset = found_at(first["mp3"], tmp_path, source, recorded["start_s"], recorded["duration_s"])
    assert score > 0.8, score
    assert -0.05 < offset < 0.3  # where the part starts, after the 0.12 s kept before the speech

    # Another part edited: the reading stays, at its place.
    current = httpx.get(url, headers=editor).json()
    segments = [{k: s[k] for k in ("role", "speaker", "speaker_title", "text", "source_lines")}
                for s in current["script"]["segments"]]
    other = next(i for i, s in enumerate(current["script"]["segments"]) if s["text"].startswith("Mọi thắc mắc"))
    segments[other]["text"] = "Mọi thắc mắc xin gọi cán bộ thú y xã."
    assert httpx.put(f"{url}/script", json={"segments": segments, "version": current["version"]},
                     headers=editor).status_code == 200
    second = render(site, article["id"], editor)
    again = part(second["sidecar"], index)
    assert again["engine"] == "recording"
    score, _ = found_at(second["mp3"], tmp_path, source, again["start_s"], again["duration_s"])
    assert score > 0.8, score

    # Its own text edited: the reading is kept, flagged, and no longer read.
    current = httpx.get(url, headers=editor).json()
    segments[index]["text"] = "Đề nghị các hộ chăn nuôi đưa trâu bò đến trước bảy giờ."
    assert httpx.put(f"{url}/script", json={"segments": segments, "version": current["version"]},
                     headers=editor).status_code == 200
    flagged = httpx.get(url, headers=editor).json()["voice_tracks"]
    assert [(t["index"], t["matches"]) for t in flagged] == [(index, False)]
    assert httpx.get(f"{url}/script/{index}/voice-track", headers=editor).json()["matches"] is False
    third = render(site, article["id"], editor)
    assert part(third["sidecar"], index)["engine"] == "espeak"
    score, _ = found_at(third["mp3"], tmp_path, source, part(third["sidecar"], index)["start_s"],
                        part(third["sidecar"], index)["duration_s"])
    assert score < 0.5, score

    # Read again: it matches again. Deleted: gone.
    assert httpx.put(f"{url}/script/{index}/voice-track", headers=editor, timeout=60,
                     files={"file": ("doc.wav", upload, "audio/wav")}).json()["matches"] is True
    assert httpx.delete(f"{url}/script/{index}/voice-track", headers=editor).status_code == 204
    assert httpx.get(f"{url}/script/{index}/voice-track", headers=editor).status_code == 404
    assert httpx.get(url, headers=editor).json()["voice_tracks"] == []


def _silence_wav() -> bytes:
    return wav_bytes(np.zeros(44_100 * 2), 44_100)


def _noise_floor_wav() -> bytes:
    return wav_bytes(np.random.default_rng(1).normal(0, 10 ** (-70 / 20), 44_100 * 2), 44_100)


@pytest.mark.parametrize(("name", "data", "says"), [
    ("notes.txt", "Đây không phải âm thanh.".encode(), "Không đọc được tệp âm thanh"),
    ("empty.wav", b"", "trống"),
    ("silence.wav", _silence_wav(), "im lặng"),
    ("room.wav", _noise_floor_wav(), "im lặng"),
    ("long.wav", wav_bytes(tone_steps(10.0, rate=22_050), 22_050), "quá dài"),
    ("click.wav", wav_bytes(np.concatenate([np.zeros(22_050), tone_steps(0.15, rate=22_050), np.zeros(22_050)]),
                            22_050), "quá ngắn"),
])
def test_what_is_not_a_reading_is_refused_and_nothing_is_stored(site: str, accounts: Accounts, name: str,
                                                               data: bytes, says: str) -> None:
    from service.settings import get_settings

    editor = accounts.headers("editor")
    article = httpx.post(f"{site}/api/v1/articles", json={"text": TEXT}, headers=editor).json()
    url = f"{site}/api/v1/articles/{article['id']}"
    reply = httpx.put(f"{url}/script/1/voice-track", headers=editor, timeout=60,
                      files={"file": (name, data, "application/octet-stream")})
    assert reply.status_code == 422, reply.text
    assert reply.headers["content-type"].startswith("application/json") and says in reply.json()["detail"]
    assert httpx.get(f"{url}/script/1/voice-track", headers=editor).status_code == 404
    assert httpx.get(url, headers=editor).json()["voice_tracks"] == []
    folder = get_settings().audio_root / "voice-tracks"
    assert not [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else True


def test_a_part_the_script_does_not_have(site: str, accounts: Accounts) -> None:
    editor = accounts.headers("editor")
    article = httpx.post(f"{site}/api/v1/articles", json={"text": TEXT}, headers=editor).json()
    reply = httpx.put(f"{site}/api/v1/articles/{article['id']}/script/99/voice-track", headers=editor,
                      files={"file": ("doc.wav", reading()[1], "audio/wav")})
    assert reply.status_code == 404 and reply.json()["detail"]
