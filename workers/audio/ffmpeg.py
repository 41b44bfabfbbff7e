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


def _call(args: list[str], *, stdin: bytes | None = None, timeout: float | None = None
          ) -> subprocess.CompletedProcess[bytes]:
    """The one place a process of ffmpeg starts: quiet, never waiting on a terminal."""
    cmd = [executable(), "-hide_banner", *(["-nostdin"] if stdin is None else []), *args]
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, check=False, timeout=timeout)
    except OSError as exc:
        raise FfmpegError(f"could not start ffmpeg ({exc}); is imageio-ffmpeg installed?") from exc


def run(args: list[str], *, stdin: bytes | None = None) -> str:
    """Run ffmpeg with args, overwriting outputs; return what it printed on stderr (its reports live there)."""
    proc = _call(["-y", *args], stdin=stdin)
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " | ".join(err.strip().splitlines()[-4:])
        raise FfmpegError(f"ffmpeg exited with {proc.returncode}: {tail}")
    return err


def version() -> str:
    """The first line ffmpeg prints of itself; raises FfmpegError when it does not run."""
    proc = _call(["-version"], timeout=30)
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or not lines:
        raise FfmpegError(f"ffmpeg -version exited with {proc.returncode}")
    return lines[0]


def decode_bytes(data: bytes, fmt: str, *, out_rate: int) -> bytes:
    """Encoded audio (e.g. an engine's MP3) to mono s16le PCM at out_rate."""
    proc = _call(["-f", fmt, "-i", "pipe:0", "-ac", "1", "-ar", str(out_rate), "-f", "s16le", "pipe:1"], stdin=data)
    if proc.returncode != 0 or not proc.stdout:
        raise FfmpegError(f"ffmpeg cannot decode the engine's {fmt} audio")
    return proc.stdout


def concat_list(paths: list[Path]) -> str:
    """The lines of a concat demuxer list: one quoted absolute path a line."""
    return "".join("file '" + str(p.resolve()).replace("'", "'\\''") + "'\n" for p in paths)


def concat_to_wav(listing: Path, out: Path) -> None:
    """The files a concat list names, one after another, into one house-format WAV."""
    run(["-f", "concat", "-safe", "0", "-i", str(listing), "-c:a", "pcm_s16le", str(out)])


def pcm_to_wav(pcm: bytes, in_rate: int, out: Path, *, out_rate: int, filters: str = "") -> None:
    """Raw mono s16le PCM into the house format (mono s16 WAV at out_rate), through filters."""
    chain = ",".join(f for f in (filters, f"aresample={out_rate}") if f)
    run(["-f", "s16le", "-ar", str(in_rate), "-ac", "1", "-i", "pipe:0", "-af", chain, "-ac", "1",
         "-ar", str(out_rate), "-c:a", "pcm_s16le", "-f", "wav", str(out)], stdin=pcm)


def file_to_wav(src: Path, out: Path, *, out_rate: int, max_s: float | None = None) -> None:
    """Decode any audio file ffmpeg reads into the house WAV format (at most its first `max_s` seconds: a
    browser's recording says no length in its header, so a long one is only found by decoding it)."""
    limit = ["-t", f"{max_s:.3f}"] if max_s is not None else []
    run(["-i", str(src), "-vn", *limit, "-ac", "1", "-ar", str(out_rate), "-c:a", "pcm_s16le", "-f", "wav",
         str(out)])


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


_FRAME = re.compile(r"t:\s*([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(-?[\d.]+|-inf)\s+S:\s*(-?[\d.]+|-inf)")


@dataclass(frozen=True)
class PartMeasure:
    """What ebur128 saw of one part as it went into the encoder: momentary and short-term values every
    100 ms, and the sample peak."""

    momentary: list[float]
    short_term: list[float]
    sample_peak_db: float


def _value(text: str) -> float:
    return -120.0 if text == "-inf" else float(text)


_EBUR_SP = re.compile(r"Sample peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", re.S)


def _chain(*, filters: str, gain_db: float, limit_db: float, sample_rate: int, after_limiter: str) -> str:
    """A profile's processing: its filters, the gain, the peak limiter, what follows it, the output rate."""
    limit = 10 ** (limit_db / 20)
    return ",".join(f for f in (
        "aformat=sample_fmts=dbl", filters, f"volume={gain_db:.2f}dB",
        f"alimiter=limit={limit:.4f}:level=0:attack=2:release=40", after_limiter, f"aresample={sample_rate}",
    ) if f)


def encode_pcm(pcm: bytes, in_rate: int, out_mp3: Path, *, filters: str, gain_db: float, limit_db: float,
               sample_rate: int, bitrate_kbps: int, after_limiter: str = "") -> None:
    """Mono s16le PCM through a profile's processing into an MP3, measuring nothing (the bench's floor)."""
    chain = _chain(filters=filters, gain_db=gain_db, limit_db=limit_db, sample_rate=sample_rate,
                   after_limiter=after_limiter)
    run(["-f", "s16le", "-ar", str(in_rate), "-ac", "1", "-i", "pipe:0", "-af", chain, "-ac", "1",
         "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", "7", "-f", "mp3", str(out_mp3)],
        stdin=pcm)


def encode_part(list_file: Path, out_mp3: Path, *, filters: str, gain_db: float, limit_db: float,
                sample_rate: int, bitrate_kbps: int, after_limiter: str = "") -> PartMeasure:
    """Concatenate house-format files, process, limit and encode to bare MP3 frames in one streaming pass,
    measuring the processed sound on its way into the encoder. Decoding the frames again to measure them
    cost as much CPU as the processing (and an oversampled true peak as much again): the encoder changes
    loudness by a few hundredths of a LU, and what it adds to the peak is a margin (audio/parts.py)."""
    chain = _chain(filters=filters, gain_db=gain_db, limit_db=limit_db, sample_rate=sample_rate,
                   after_limiter=after_limiter)
    err = run(["-v", "verbose", "-f", "concat", "-safe", "0", "-i", str(list_file), "-filter_complex",
               f"[0:a]{chain},asplit=2[encode][measure];[measure]ebur128=peak=sample:framelog=verbose[measured]",
               "-map", "[encode]", "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
               "-compression_level", "7", "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", str(out_mp3),
               "-map", "[measured]", "-f", "null", "-"])
    frames = _FRAME.findall(err)
    peak = _EBUR_SP.search(err[err.rfind("Summary:"):])
    if peak is None:
        raise FfmpegError("ffmpeg printed no sample peak")
    return PartMeasure(momentary=[_value(m) for _, m, _ in frames], short_term=[_value(s) for _, _, s in frames],
                       sample_peak_db=_value(peak.group(1)))


def duck(speech: Path, bed: Path, out: Path, *, lead_s: float, tail_s: float, sample_rate: int) -> None:
    """The bed under the speech, ducked by it (sidechain compression); the bed leads in and tails out."""
    delay_ms = int(lead_s * 1000)
    graph = (f"[0:a]adelay={delay_ms},apad=pad_dur={tail_s},asplit=2[voice][key];"
             f"[1:a]volume=0.5,aloop=loop=-1:size=2e9[bedloop];"
             f"[bedloop][key]sidechaincompress=threshold=0.02:ratio=10:attack=15:release=400[ducked];"
             f"[ducked][voice]amix=inputs=2:duration=shortest:normalize=0,"
             f"afade=t=in:d=0.3,areverse,afade=t=in:d={max(0.3, tail_s * 0.8):.2f},areverse")
    run(["-i", str(speech), "-i", str(bed), "-filter_complex", graph, "-ac", "1", "-ar", str(sample_rate),
         "-c:a", "pcm_s16le", "-f", "wav", str(out)])


def measure(path: Path) -> Loudness:
    """Decode a file and measure its loudness."""
    return _parse_ebur128(run(["-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"]))


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+\.\d+)")
_STREAM = re.compile(r"Audio: [^,]+, (\d+) Hz, (mono|stereo|[\d.]+ channels)(?:[^\n]*?, (\d+) kb/s)?")


def _describe(path: Path) -> str:
    """What ffmpeg prints about a file it is given no output for (streams, duration, tags)."""
    return _call(["-i", str(path)]).stderr.decode("utf-8", "replace")


def info(path: Path) -> AudioInfo:
    """Duration, sample rate, channels and bitrate, read from ffmpeg's own description of the file."""
    text = _describe(path)
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


def metadata(path: Path) -> dict[str, str]:
    """The file's tags as ffmpeg reads them (keys in lower case)."""
    text = _describe(path)
    block = text.split("Metadata:", 1)[1].split("Duration:", 1)[0] if "Metadata:" in text else ""
    tags = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            tags[key.strip().lower()] = value.strip()
    return tags


def decode_pcm(path: Path, *, sample_rate: int) -> bytes:
    """Decode to raw mono s16le at sample_rate (for measuring and tests)."""
    proc = _call(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"])
    if proc.returncode != 0:
        raise FfmpegError(f"ffmpeg cannot decode {path.name}")
    return proc.stdout
