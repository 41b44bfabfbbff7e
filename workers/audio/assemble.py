"""Stitch house-format WAV clips and pauses into one loudness-normalised mono MP3, streaming through ffmpeg."""

from __future__ import annotations

import struct
import tomllib
import wave
from dataclasses import dataclass, field
from pathlib import Path

from workers.audio import ffmpeg

# Horn loudspeakers: cut rumble they cannot play, lift presence, cap the top, even out the level.
LOUDSPEAKER_FILTERS = (
    "highpass=f=180:poles=2,equalizer=f=3000:t=q:w=1.2:g=3,lowpass=f=7500:poles=2,"
    "acompressor=threshold=-24dB:ratio=3:attack=5:release=120:makeup=4,"
    # Catch the peaks before measuring, so the gain that follows lands on target without heavy limiting.
    "alimiter=limit=0.5:level=0:attack=2:release=40"
)


@dataclass(frozen=True)
class Clip:
    """A house-format WAV on disk and what it is (role, speaker, engine) for the sidecar."""

    path: Path
    kind: str  # speech | jingle
    role: str | None = None
    speaker: str | None = None
    engine: str | None = None


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass
class Assembled:
    duration_s: float
    integrated_lufs: float
    true_peak_db: float
    loudness_range_lu: float
    timeline: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Template:
    folder: Path
    files: dict[str, str]
    pauses: dict[str, float]

    def file(self, name: str) -> Path:
        return self.folder / self.files[name]


def load_template(folder: Path) -> Template:
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    return Template(folder=folder, files=dict(manifest["files"]), pauses=dict(manifest["pauses"]))


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def write_silence(path: Path, seconds: float, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack("<h", 0) * int(round(seconds * rate)))


def _concat_line(path: Path) -> str:
    escaped = str(path.resolve()).replace("'", "'\\''")
    return f"file '{escaped}'\n"


def assemble(
    items: list[Clip | Pause], out_mp3: Path, *, workdir: Path, sample_rate: int, bitrate_kbps: int,
    target_lufs: float, ceiling_db: float, filters: str = LOUDSPEAKER_FILTERS, tags: dict[str, str] | None = None,
) -> Assembled:
    """Concatenate in one ffmpeg pass (bounded memory), measure, then gain + limiter + MP3 in a second pass."""
    timeline: list[dict[str, object]] = []
    silences: dict[float, Path] = {}
    cursor = 0.0
    list_file = workdir / "concat.txt"
    with list_file.open("w", encoding="utf-8") as listing:
        for item in items:
            if isinstance(item, Pause):
                if item.seconds not in silences:
                    silences[item.seconds] = workdir / f"silence-{int(item.seconds * 1000)}ms.wav"
                    write_silence(silences[item.seconds], item.seconds, sample_rate)
                path, length = silences[item.seconds], item.seconds
            else:
                path, length = item.path, wav_seconds(item.path)
                timeline.append({"start_s": round(cursor, 3), "duration_s": round(length, 3), "kind": item.kind,
                                 "role": item.role, "speaker": item.speaker, "engine": item.engine})
            listing.write(_concat_line(path))
            cursor += length
    processed = workdir / "processed.wav"
    measured = ffmpeg.concat_and_process(list_file, processed, filters=filters)
    gain = target_lufs - measured.integrated_lufs if measured.integrated_lufs > -70 else 0.0
    tmp_mp3 = out_mp3.with_name(out_mp3.name + ".part")
    ffmpeg.encode_mp3(processed, tmp_mp3, gain_db=gain, ceiling_db=ceiling_db, sample_rate=sample_rate,
                      bitrate_kbps=bitrate_kbps, tags=tags)
    tmp_mp3.replace(out_mp3)
    processed.unlink(missing_ok=True)
    final = ffmpeg.measure(out_mp3)
    return Assembled(duration_s=round(cursor, 3), integrated_lufs=final.integrated_lufs,
                     true_peak_db=final.true_peak_db, loudness_range_lu=final.range_lu, timeline=timeline)
