"""The `bantin` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.audio import decoded_seconds
from workers.audio import ffmpeg

ARTICLE = """Xã Yên Lộc ra quân làm đường

Sáng 15-3, UBND xã Yên Lộc ra quân làm 5 km đường giao thông nông thôn.

PV: Thưa ông, bà con đóng góp thế nào?

Ông Trần Văn Bình – Chủ tịch UBND xã: Bà con hiến hơn 2.000 m2 đất.

Minh Tuấn – Đài truyền thanh xã
"""


def bantin(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bantin", *args], input=stdin, capture_output=True,
                          text=True, timeout=300, env=env)


def test_render_writes_an_mp3_and_a_summary(tmp_path: Path, settings_env: dict[str, str]) -> None:
    import os

    source = tmp_path / "bai.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.mp3"
    result = bantin("render", str(source), "-o", str(out), "--engine", "espeak", env={**os.environ})
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["engines"] == {"espeak": summary["engines"]["espeak"]}
    assert [s["role"] for s in summary["segments"]] == ["title", "narrator", "reporter", "official", "byline"]
    assert all(s["engine"] == "espeak" for s in summary["segments"])
    assert decoded_seconds(out) == __import__("pytest").approx(summary["duration_s"], rel=0.01)
    assert ffmpeg.info(out).channels == 1
    assert -17.5 < summary["lufs"] < -14.5


def test_normalize_keeps_one_line_per_input_line() -> None:
    result = bantin("normalize", stdin="Xã có 204 hộ.\n\nUBND huyện\n")
    lines = result.stdout.replace("\u00a0", " ").splitlines()
    assert lines == ["Xã có hai trăm linh bốn hộ.", "", "ủy ban nhân dân huyện"]


def test_script_prints_the_contract(tmp_path: Path) -> None:
    result = bantin("script", "-", stdin=ARTICLE)
    script = json.loads(result.stdout)
    assert set(script) >= {"title", "segments", "skipped"}
    assert set(script["segments"][0]) >= {"index", "role", "speaker", "text", "spoken", "source_lines"}


def test_bad_input_exits_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = bantin("script", str(empty))
    assert result.returncode == 2
    assert "trống" in result.stderr


def test_engines_lists_espeak_as_available() -> None:
    result = bantin("engines")
    assert "espeak" in result.stdout and "available" in result.stdout


SECOND = """Thông báo lịch tiêm chủng

Trạm y tế xã thông báo lịch tiêm chủng mở rộng vào ngày 15/6/2024 tại nhà văn hóa thôn 3.
"""


def test_render_a_programme_follows_the_template(tmp_path: Path, settings_env: dict[str, str]) -> None:
    import os

    import pytest

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    out = tmp_path / "programme.mp3"
    env = {**os.environ, "BANTIN_STATION_NAME": "Đài truyền thanh xã Yên Lộc"}
    result = bantin("render", str(first), str(second), "-o", str(out), "--engine", "espeak", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    kinds = [(t["kind"], t["role"]) for t in summary["timeline"]]
    assert kinds[:3] == [("jingle", None), ("ident", "station"), ("speech", "station")]
    assert kinds[3] == ("speech", "title")
    assert ("jingle", None) in kinds[4:-2]  # the stinger between the two articles
    assert kinds[-2:] == [("speech", "station"), ("jingle", None)]
    starts = [t["start_s"] for t in summary["timeline"]]
    assert starts == sorted(starts)
    assert decoded_seconds(out) == pytest.approx(summary["duration_s"], rel=0.01)
    tags = ffmpeg.metadata(out)
    assert tags["title"] == "Xã Yên Lộc ra quân làm đường"
    assert tags["artist"] == "Đài truyền thanh xã Yên Lộc"
    assert int(tags["tlen"]) == pytest.approx(summary["duration_s"] * 1000, rel=0.01)
    # One chapter per article, named by its headline, where the timeline puts it; read back with mutagen.
    from mutagen.id3 import ID3

    id3 = ID3(out)
    chapters = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == ["Xã Yên Lộc ra quân làm đường",
                                                                 "Thông báo lịch tiêm chủng"]
    assert [(c.start_time / 1000, c.end_time / 1000) for c in chapters] == [
        pytest.approx((ch["start_s"], ch["end_s"]), abs=0.002) for ch in summary["chapters"]]
    speech = [t for t in summary["timeline"] if t["article"] == 0]
    assert chapters[0].start_time / 1000 == pytest.approx(speech[0]["start_s"], abs=0.002)
    assert chapters[1].end_time / 1000 < decoded_seconds(out)  # the outro follows the last article
    assert id3.getall("CTOC")[0].child_element_ids == [c.element_id for c in chapters]
