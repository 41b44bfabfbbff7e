"""The script page's rows: every line of the original in its order, read or not, with what the tool was unsure of.

Pure: a script in, rows out. The words come from service/data/review.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from service.schemas import Script


@dataclass(frozen=True)
class Words:
    skipped: dict[str, str]
    doubt_below: float


@dataclass
class Row:
    """One row of the page: a voice part (part is its index in the script) or a line that is not read."""

    line: int  # the first source line: the row's place in the original
    text: str
    part: int | None = None
    role: str | None = None
    speaker: str | None = None
    speaker_title: str | None = None
    spoken: str = ""
    lines: list[int] = field(default_factory=list)
    reason: str | None = None  # for a line not read, in Vietnamese
    doubtful: bool = False


@cache
def words() -> Words:
    data: dict[str, Any] = tomllib.loads(resources.files("service").joinpath("data/review.toml").read_text("utf-8"))
    return Words(skipped=dict(data["skipped"]), doubt_below=float(data["doubt_below"]))


def reason_for(why: str | None, fallback: str) -> str:
    """A skipped line's reason for staff; an unknown code shows as the segmenter wrote it rather than nothing."""
    return words().skipped.get(why or "", fallback)


def rows(script: Script) -> list[Row]:
    """Parts and skipped lines interleaved in the original's order (a part stands at its first line)."""
    below = words().doubt_below
    out = [Row(line=s.source_lines[0], text=s.text, part=s.index, role=s.role, speaker=s.speaker,
               speaker_title=s.speaker_title, spoken=s.spoken, lines=list(s.source_lines),
               doubtful=s.confidence < below) for s in script.segments]
    out += [Row(line=k.source_line, text=k.text, lines=[k.source_line], reason=reason_for(k.why or k.reason, k.reason),
                doubtful=k.confidence < below) for k in script.skipped]
    # Parts before skipped lines at the same place: a part that shares a line keeps reading order.
    return sorted(out, key=lambda r: (r.line, r.part is None, r.part or 0))


def speakers(script: Script) -> list[str]:
    """The article's known speakers, in the order they first speak, offered when staff edit a speaker."""
    return list(dict.fromkeys(s.speaker for s in script.segments if s.speaker))
