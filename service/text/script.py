"""Article text to the script contract: voice parts, what each voice reads, and what was left out."""

from __future__ import annotations

from collections.abc import Callable

from service.schemas import Script, Segment, Skipped
from service.text.normalize import normalize
from service.text.repair import markup, prepare, repair_line
from service.text.segment import segment_lines


def non_blank_lines(text: str) -> list[str]:
    """The lines source_lines index: every line with something other than white space on it."""
    return [line for line in prepare(text).split("\n") if line.strip()]


def build_script(text: str, *, title: str | None = None,
                 speak: Callable[[str], str] = normalize) -> Script:
    """Segment an article and give each part its spoken form (speak is the normaliser to use)."""
    raw_lines = non_blank_lines(text)
    lines = [repair_line(line) for line in raw_lines]
    seg = segment_lines(lines, raw=[markup(line) for line in raw_lines], title_hint=title)
    segments = [
        Segment(index=i, role=part.role, speaker=part.speaker, speaker_title=part.speaker_title,
                text=part.text, spoken=speak(part.text), source_lines=part.lines, why=part.why,
                confidence=part.confidence)
        for i, part in enumerate(seg.parts)
    ]
    skipped = [Skipped(source_line=s.line, reason=s.reason, text=raw_lines[s.line], why=s.reason,
                       confidence=s.confidence) for s in seg.skipped]
    return Script(title=seg.title or title, segments=segments, skipped=skipped, repeat=seg.repeat)
