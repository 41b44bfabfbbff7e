"""Cut spoken text into pieces an engine accepts, at natural pauses, never inside a word."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE = re.compile(r"(?<=[,;:])\s+")
_PHRASE = re.compile(r"\s+(?=(?:và|nhưng|hoặc|để|với|của|trong|cho|khi|nên|thì|là|mà|vì|do|từ|đến|tại)\s)")


def _pack(pieces: list[str], limit: int) -> list[str]:
    """Join neighbouring pieces greedily while they fit: fewer, fuller requests."""
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + 1 + len(piece) <= limit:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _split(text: str, limit: int, splitters: list[re.Pattern[str]]) -> list[str]:
    if len(text) <= limit:
        return [text]
    if not splitters:
        # Last resort: whole words. Spoken text has no digits, so this never cuts a number.
        return _pack(text.split(), limit)
    first, rest = splitters[0], splitters[1:]
    pieces = [p for p in first.split(text) if p.strip()]
    if len(pieces) == 1:
        return _split(text, limit, rest)
    out: list[str] = []
    for piece in pieces:
        out.extend(_split(piece.strip(), limit, rest))
    return out


def chunk(text: str, limit: int) -> list[str]:
    """Pieces of at most limit characters (a single word longer than limit stays whole)."""
    text = " ".join(text.split())
    if not text:
        return []
    return _pack(_split(text, limit, [_SENTENCE, _CLAUSE, _PHRASE]), limit)
