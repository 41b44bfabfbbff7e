"""Cut spoken text into pieces an engine accepts, at natural pauses, never inside a word."""

from __future__ import annotations

import re

# Only plain spaces are places to cut: the normaliser joins the words of a number, a date or an
# expanded abbreviation with no-break spaces.
_SENTENCE = re.compile(r"(?<=[.!?…]) +")
_CLAUSE = re.compile(r"(?<=[,;:]) +")
_PHRASE = re.compile(r" +(?=(?:và|nhưng|hoặc|để|với|của|trong|cho|khi|nên|thì|là|mà|vì|do|từ|đến|tại) )")


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
        # Last resort: whole words (a glued expansion counts as one word unless it alone is too long).
        words = [w for w in text.split(" ") if w]
        return _pack([p for w in words for p in (w.split("\u00a0") if len(w) > limit else [w])], limit)
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
    text = re.sub(r"[^\S\u00a0]+", " ", text).strip()
    if not text:
        return []
    return _pack(_split(text, limit, [_SENTENCE, _CLAUSE, _PHRASE]), limit)
