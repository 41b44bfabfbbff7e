"""MPEG audio layer III frames: counting their duration, and joining parts frame by frame behind one tag.

Durations are counted here rather than asked of a tag library: a part is bare frames (no Xing header,
no tag) written by our own encoder, and joining never re-encodes, so the frame count is the truth.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

from workers.audio.id3 import Chapter, tag_bytes

# Samples per frame and bitrates (kbps) of MPEG audio layer III, by MPEG version.
_BITRATES = {1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
             2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]}
_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def mp3_seconds(data: bytes) -> float:
    """Duration of bare MPEG layer III frames, counted frame by frame (an ID3v2 tag is skipped)."""
    pos, samples, rate = 0, 0, 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        pos = 10 + size
    while pos + 4 <= len(data):
        (header,) = struct.unpack(">I", data[pos:pos + 4])
        if header >> 21 != 0x7FF:
            pos += 1
            continue
        version_bits, layer = header >> 19 & 3, header >> 17 & 3
        bitrate_index, rate_index, padding = header >> 12 & 15, header >> 10 & 3, header >> 9 & 1
        if layer != 1 or version_bits == 1 or bitrate_index in (0, 15) or rate_index == 3:
            pos += 1
            continue
        version = 1 if version_bits == 3 else 2
        rate = _RATES[version_bits][rate_index]
        per_frame = 1152 if version == 1 else 576
        length = (144 if version == 1 else 72) * _BITRATES[version][bitrate_index] * 1000 // rate + padding
        samples += per_frame
        pos += length
    return samples / rate if rate else 0.0


def join(paths: list[Path], out_mp3: Path, *, tags: dict[str, str], chapters: tuple[Chapter, ...] = ()) -> None:
    """The tag, then every part's MP3 frames one after another (no re-encoding); written under a
    temporary name and renamed, so nobody ever reads half a programme."""
    partial = out_mp3.with_name(out_mp3.name + ".part")
    try:
        with partial.open("wb") as out:
            out.write(tag_bytes(tags, chapters))
            for path in paths:
                with path.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        partial.replace(out_mp3)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
