"""The one module that knows how to call ffmpeg: its binary, its flags, and reading its output."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path


class FfmpegError(RuntimeError):
    """ffmpeg failed; the message carries the tail of what it printed."""


@dataclass(frozen=True)
class Loudness:
    """Loudness per ITU-R BS.1770: integrated (LUFS), true peak (dBTP) and range (LU)."""

    integrated_lufs: float
    true_peak_db: float
    range_lu: float


@dataclass(frozen=True)
class AudioInfo:
    duration_s: float
    sample_rate: int
    channels: int
    bitrate_kbps: int | None


@cache
def executable() -> str:
    """ffmpeg from the imageio-ffmpeg wheel, so no system package is needed."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise FfmpegError("ffmpeg is missing: is the imageio-ffmpeg package installed?") from exc
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def run(args: list[str], *, stdin: bytes | None = None) -> str:
    """Run ffmpeg quietly with args; return what it printed on stderr (its reports live there)."""
    cmd = [executable(), "-hide_banner", "-y", *(["-nostdin"] if stdin is None else []), *args]
    try:
        proc = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise FfmpegError(f"could not start ffmpeg ({exc}); is imageio-ffmpeg installed?") from exc
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " | ".join(err.strip().splitlines()[-4:])
        raise FfmpegError(f"ffmpeg exited with {proc.returncode}: {tail}")
    return err


def pcm_to_wav(pcm: bytes, in_rate: int, out: Path, *, out_rate: int, filters: str = "", fmt: str = "s16le") -> None:
    """Convert engine output (raw PCM or encoded bytes) into the house format: mono s16 WAV at out_rate."""
    raw = ["-f", "s16le", "-ar", str(in_rate), "-ac", "1"] if fmt == "s16le" else ["-f", fmt]
    chain = ",".join(f for f in (filters, f"aresample={out_rate}") if f)
    run([*raw, "-i", "pipe:0", "-af", chain, "-ac", "1", "-ar", str(out_rate),
         "-c:a", "pcm_s16le", "-f", "wav", str(out)], stdin=pcm)


def file_to_wav(src: Path, out: Path, *, out_rate: int) -> None:
    """Decode any audio file ffmpeg reads into the house WAV format."""
    run(["-i", str(src), "-vn", "-ac", "1", "-ar", str(out_rate), "-c:a", "pcm_s16le", "-f", "wav", str(out)])


_EBUR_I = re.compile(r"Integrated loudness:\s+I:\s+(-?[\d.]+|-inf) LUFS", re.S)
_EBUR_LRA = re.compile(r"Loudness range:\s+LRA:\s+(-?[\d.]+) LU", re.S)
_EBUR_TP = re.compile(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", re.S)


def _parse_ebur128(report: str) -> Loudness:
    summary = report[report.rfind("Summary:"):]
    found = [rx.search(summary) for rx in (_EBUR_I, _EBUR_TP, _EBUR_LRA)]
    if not all(found):
        raise FfmpegError("ffmpeg printed no loudness summary")
    i, tp, lra = (float(m.group(1)) if m else 0.0 for m in found)
    return Loudness(integrated_lufs=i, true_peak_db=tp, range_lu=lra)


def concat_and_process(list_file: Path, out_wav: Path, *, filters: str) -> Loudness:
    """Concatenate house-format files (concat demuxer), apply filters, write WAV and measure it in one pass."""
    graph = f"[0:a]{filters + ',' if filters else ''}asplit=2[out][m];[m]ebur128=peak=true[meas]"
    err = run(["-f", "concat", "-safe", "0", "-i", str(list_file), "-filter_complex", graph,
               "-map", "[out]", "-c:a", "pcm_s16le", "-f", "wav", str(out_wav),
               "-map", "[meas]", "-f", "null", "-"])
    return _parse_ebur128(err)


def encode_mp3(
    src: Path, out: Path, *, gain_db: float, ceiling_db: float, sample_rate: int, bitrate_kbps: int,
    tags: dict[str, str] | None = None,
) -> None:
    """Linear gain plus a peak limiter, then constant-bitrate mono MP3 with ID3v2 tags."""
    # alimiter works on sample peaks: run it oversampled and 1 dB under the ceiling, for the
    # inter-sample peaks that the MP3 encoder adds.
    limit = 10 ** ((ceiling_db - 1.0) / 20)
    meta: list[str] = []
    for key, value in (tags or {}).items():
        meta += ["-metadata", f"{key}={value}"]
    run(["-i", str(src), "-af", f"volume={gain_db:.2f}dB,aresample={sample_rate * 4},"
         f"alimiter=limit={limit:.4f}:level=0:attack=5:release=50,aresample={sample_rate}",
         "-ac", "1", "-ar", str(sample_rate), "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
         "-id3v2_version", "3", *meta, "-f", "mp3", str(out)])


def measure(path: Path) -> Loudness:
    """Decode a file and measure its loudness."""
    return _parse_ebur128(run(["-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"]))


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+\.\d+)")
_STREAM = re.compile(r"Audio: [^,]+, (\d+) Hz, (mono|stereo|[\d.]+ channels)(?:[^\n]*?, (\d+) kb/s)?")


def info(path: Path) -> AudioInfo:
    """Duration, sample rate, channels and bitrate, read from ffmpeg's own description of the file."""
    proc = subprocess.run([executable(), "-hide_banner", "-i", str(path)], capture_output=True, check=False)
    text = proc.stderr.decode("utf-8", "replace")
    duration, stream = _DURATION.search(text), _STREAM.search(text + "\n")
    if not duration or not stream:
        raise FfmpegError(f"ffmpeg cannot read {path.name} as audio")
    h, m, s = duration.groups()
    channels = {"mono": 1, "stereo": 2}.get(stream.group(2)) or int(float(stream.group(2).split()[0]))
    return AudioInfo(
        duration_s=int(h) * 3600 + int(m) * 60 + float(s),
        sample_rate=int(stream.group(1)),
        channels=channels,
        bitrate_kbps=int(stream.group(3)) if stream.group(3) else None,
    )


def decode_pcm(path: Path, *, sample_rate: int) -> bytes:
    """Decode to raw mono s16le at sample_rate (for measuring and tests)."""
    proc = subprocess.run(
        [executable(), "-hide_banner", "-nostdin", "-i", str(path), "-f", "s16le", "-ac", "1",
         "-ar", str(sample_rate), "pipe:1"],
        capture_output=True, check=False,
    )
    if proc.returncode != 0:
        raise FfmpegError(f"ffmpeg cannot decode {path.name}")
    return proc.stdout
