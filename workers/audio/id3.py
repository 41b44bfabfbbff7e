"""A small ID3v2.3 tag writer: the programme's tags, written before the joined MP3 frames."""

from __future__ import annotations

import struct

# Tag names bantin uses, and the ID3v2.3 text frames they go in; anything else becomes a TXXX frame.
FRAMES = {"title": "TIT2", "artist": "TPE1", "album": "TALB", "genre": "TCON", "encoded_by": "TENC",
          "TLEN": "TLEN"}


def _syncsafe(size: int) -> bytes:
    return bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])


def _frame(frame_id: str, payload: bytes) -> bytes:
    return frame_id.encode("ascii") + struct.pack(">I", len(payload)) + b"\0\0" + payload


_BOM = "\ufeff".encode("utf-16-le")


def _text(value: str) -> bytes:
    """A text frame's body: UTF-16 with a byte-order mark, so Vietnamese survives every player."""
    return b"\x01" + _BOM + value.encode("utf-16-le")


def _txxx(description: str, value: str) -> bytes:
    return _frame("TXXX", b"\x01" + _BOM + description.encode("utf-16-le") + b"\0\0" + _BOM
                  + value.encode("utf-16-le"))


def id3v2_tag(tags: dict[str, str]) -> bytes:
    """The bytes of an ID3v2.3 tag holding every non-empty tag: known ones in their frames, others as TXXX."""
    frames = b""
    for key, value in tags.items():
        if not value:
            continue
        if key == "date":  # ID3v2.3 has only the year (TYER); the whole date goes in a TXXX frame as well
            frames += _frame("TYER", _text(value[:4])) + _txxx("date", value)
        elif key in FRAMES:
            frames += _frame(FRAMES[key], _text(value))
        else:
            frames += _txxx(key, value)
    return b"ID3\x03\x00\x00" + _syncsafe(len(frames)) + frames
