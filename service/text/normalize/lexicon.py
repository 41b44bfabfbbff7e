"""Abbreviations and station entries: written forms replaced by spoken ones, with context rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
LETTERS = r"A-Za-zÀ-ỹĐđ"
WORD = r"0-9" + LETTERS


@dataclass(frozen=True)
class Entry:
    written: str
    spoken: str
    prev: re.Pattern[str] | None = None
    next: re.Pattern[str] | None = None


def parse_tsv(text: str) -> list[Entry]:
    """Rows of `written<TAB>spoken[<TAB>next:RX|prev:RX]`; '#' starts a comment line."""
    entries = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        prev = nxt = None
        if len(cols) > 2 and cols[2].strip():
            kind, _, rx = cols[2].partition(":")
            if kind == "prev":
                prev = re.compile(rx)
            elif kind == "next":
                nxt = re.compile(rx)
        entries.append(Entry(cols[0].strip(), cols[1].strip(), prev, nxt))
    return entries


class Lexicon:
    """One pass over the text replacing every known written form, longest form first."""

    def __init__(self, entries: list[Entry]) -> None:
        self.by_form: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_form.setdefault(entry.written, []).append(entry)
        forms = sorted(self.by_form, key=len, reverse=True)
        # A form that ends in its own full stop ("TP.", "P.") may be glued to the name it abbreviates: "TP.Thủ Đức".
        alternatives = "|".join(re.escape(f) + ("" if f.endswith(".") else rf"(?![{WORD}])") for f in forms)
        # Any other form may be glued by a full stop to the number it names: "KP.3", "TDP.5".
        self.pattern = re.compile(rf"(?<![{WORD}])(?P<form>{alternatives or '(?!)'})(?P<dot>\.(?=\d))?")

    def choose(self, form: str, before: str, after: str) -> str | None:
        for entry in self.by_form.get(form, []):
            if entry.prev and not entry.prev.search(before):
                continue
            if entry.next and not entry.next.search(after):
                continue
            return entry.spoken
        return None

    def apply(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            form = match.group("form")
            spoken = self.choose(form, text[max(0, match.start() - 40):match.start()],
                                 text[match.end():match.end() + 40])
            # Glued with no-break spaces: chunking must never cut an expanded abbreviation in two.
            if spoken is None:
                return match.group(0)
            glued = match.group(0).endswith(".") and text[match.end():match.end() + 1].isalnum()
            return spoken.replace(" ", "\u00a0") + (" " if glued else "")

        return self.pattern.sub(replace, text)

    def merged(self, first: list[Entry]) -> Lexicon:
        """A lexicon where `first` (a station's own entries) win over this one's."""
        own = [e for entries in self.by_form.values() for e in entries]
        return Lexicon([*first, *own])


@cache
def builtin() -> Lexicon:
    return Lexicon(parse_tsv((DATA / "abbreviations.tsv").read_text(encoding="utf-8")))


@cache
def units() -> dict[str, str]:
    return {e.written: e.spoken for e in parse_tsv((DATA / "units.tsv").read_text(encoding="utf-8"))}
