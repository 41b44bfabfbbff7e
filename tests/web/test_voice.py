"""The recording session in a real Chromium whose microphone is a file: a part recorded with MediaRecorder is heard
in the rendered programme at its place, and the script page says when a reading no longer matches its text."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from tests.audio import tone_steps, wav_bytes
from tests.conftest import Accounts
from tests.service.api.test_voice_tracks import TEXT, found_at, part, render
from tests.web.conftest import sign_in

SHOTS = Path("/tmp/bantin-voice")
RATE = 48_000
BODY_S, GAP_S = 2.5, 0.5  # the microphone plays tones, then a gap, again and again


@pytest.fixture
def tones(microphone_sound: Path) -> np.ndarray:
    body = tone_steps(BODY_S, rate=RATE, seed=11)
    microphone_sound.write_bytes(wav_bytes(np.concatenate([body, np.zeros(int(RATE * GAP_S))]), RATE))
    return np.asarray(np.interp(np.arange(0, BODY_S, 1 / 44_100), np.arange(len(body)) / RATE, body))


@pytest.mark.slow
def test_a_part_recorded_in_the_browser_is_heard_at_its_place(tones: np.ndarray, browser_with_microphone: Any,
                                                              site: str, accounts: Accounts, tmp_path: Path) -> None:
    editor = accounts.headers("editor")
    article = httpx.post(f"{site}/api/v1/articles", json={"text": TEXT}, headers=editor).json()
    index = next(s["index"] for s in article["script"]["segments"] if s["text"].startswith("Đề nghị"))
    context = browser_with_microphone.new_context(viewport={"width": 1366, "height": 900}, permissions=["microphone"])
    page = context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, site, "editor")
    page.wait_for_url(f"{site}/bai-viet")
    page.goto(f"{site}/bai-viet/{article['id']}")
    page.locator("#lines li.row").first.wait_for()
    page.get_by_role("link", name="Phiên thu âm (giọng của đài)").click()
    page.wait_for_url(f"{site}/bai-viet/{article['id']}/thu-am")
    parts = page.locator(".voice-part")
    assert page.locator(".voice-part audio.take:visible").count() == 0  # nothing to listen back to yet
    assert parts.count() == len(article["script"]["segments"])  # every part, in order
    assert [parts.nth(i).get_attribute("data-index") for i in range(parts.count())] == [
        str(i) for i in range(parts.count())]

    # Keyboard: focus the part's button, Enter starts; the loop of tones plays long enough to hold a whole one.
    mine = page.locator(f"#phan-{index}")
    assert mine.locator("button.record").inner_text() == f"Ghi âm phần {index + 1}"
    button = mine.locator("button.record")
    button.focus()
    page.keyboard.press("Enter")
    mine.get_by_text("Đang ghi âm").wait_for()
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text() == "Dừng"
    page.wait_for_timeout(int((2 * BODY_S + 2 * GAP_S + 0.5) * 1000))
    page.keyboard.press("Enter")
    mine.get_by_text("Đã có bản ghi").wait_for()
    page.get_by_text(f"Đã lưu bản ghi phần {index + 1}.").wait_for()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "session-1366.png"), full_page=True)

    # Listen back: the take plays in the page.
    played = mine.locator("audio.take").evaluate(
        "a => a.play().then(() => new Promise(r => setTimeout(() => r([a.currentTime, a.duration]), 800)))")
    assert played[0] > 0.2 and played[1] > BODY_S

    track = httpx.get(f"{site}/api/v1/articles/{article['id']}/script/{index}/voice-track", headers=editor).json()
    assert track["matches"] is True and track["duration_s"] > 2 * BODY_S
    rendered = render(site, article["id"], editor)
    recorded = part(rendered["sidecar"], index)
    assert recorded["engine"] == "recording"
    score, _ = found_at(rendered["mp3"], tmp_path, tones, recorded["start_s"], recorded["duration_s"])
    assert score > 0.7, score

    # Retake: the new take replaces the old one.
    assert button.inner_text() == f"Ghi âm lại phần {index + 1}"
    button.click()
    mine.get_by_text("Đang ghi âm").wait_for()
    page.wait_for_timeout(1500)
    button.click()
    mine.get_by_text("Đã có bản ghi").wait_for()
    deadline = time.monotonic() + 30
    while httpx.get(f"{site}/api/v1/articles/{article['id']}/script/{index}/voice-track",
                    headers=editor).json()["duration_s"] > 2 * BODY_S:
        assert time.monotonic() < deadline
        time.sleep(0.2)

    # The part's text edited: the script page and the session say the reading no longer matches.
    current = httpx.get(f"{site}/api/v1/articles/{article['id']}", headers=editor).json()
    segments = [{k: s[k] for k in ("role", "speaker", "speaker_title", "text", "source_lines")}
                for s in current["script"]["segments"]]
    segments[index]["text"] = "Đề nghị các hộ đưa trâu bò đến trước bảy giờ."
    assert httpx.put(f"{site}/api/v1/articles/{article['id']}/script",
                     json={"segments": segments, "version": current["version"]}, headers=editor).status_code == 200
    page.goto(f"{site}/bai-viet/{article['id']}")
    page.get_by_text("bản ghi không còn khớp với lời").wait_for()
    # From the script, the line's own link opens the session at that part, its record button in focus.
    page.locator(f"#lines li.row[data-lines='{','.join(map(str, segments[index]['source_lines']))}']").click()
    page.get_by_role("link", name=f"Ghi âm hoặc tải lên bản đọc phần {index + 1}").click()
    page.wait_for_url(f"{site}/bai-viet/{article['id']}/thu-am?phan={index}")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('record')"
                           f" && document.activeElement.closest('li').id === 'phan-{index}'", timeout=10_000)
    page.locator(f"#phan-{index}").get_by_text("Bản ghi không còn khớp với lời").wait_for()
    context.close()
