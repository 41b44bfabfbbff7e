"""Staff corrections to a script: change roles and speakers, edit text, merge and split parts."""

from __future__ import annotations

import re
from collections.abc import Callable

from service.errors import Invalid
from service.schemas import Script, ScriptEdit, Segment, Skipped


class InvalidScript(Invalid):
    """An edited script that cannot be used; the message names the part that is wrong."""


def apply_edit(old: Script, edit: ScriptEdit, *, line_count: int, source: list[str],
               speak: Callable[[str], str]) -> Script:
    """The edited script, checked against the article's lines; lines no part covers any more are skipped."""
    previous_last = -1
    covered: set[int] = set()
    # A part staff left as it was keeps the tool's reason and confidence; a changed one is sure: staff decided.
    before = {(s.role, tuple(s.source_lines), s.text): s for s in old.segments}
    segments: list[Segment] = []
    for index, part in enumerate(edit.segments):
        where = f"Phần {index + 1} (part {index + 1})"
        text = " ".join(part.text.split())
        if not re.search(r"[^\W\d_]", text):
            raise InvalidScript(f"{where}: không có chữ để đọc (the text has no words).")
        lines = sorted(set(part.source_lines))
        if lines[0] < 0 or lines[-1] >= line_count:
            raise InvalidScript(f"{where}: source_lines must be between 0 and {line_count - 1}.")
        if lines[0] < previous_last:
            raise InvalidScript(f"{where}: parts must stay in the article's order (source_lines go backwards).")
        if part.role == "title" and any(s.role == "title" for s in segments):
            raise InvalidScript(f"{where}: a script has one title at most.")
        covered.update(lines)
        previous_last = lines[-1]
        speaker = (part.speaker or "").strip() or None
        kept = before.get((part.role, tuple(lines), text))
        segments.append(Segment(index=index, role=part.role, speaker=speaker,
                                speaker_title=(part.speaker_title or "").strip() or None,
                                text=text, spoken=speak(text), source_lines=lines,
                                why=kept.why if kept else "edited", confidence=kept.confidence if kept else 1.0))
    unread = {s.source_line: s for s in old.skipped}
    skipped = [unread.get(i) or Skipped(source_line=i, reason="removed_by_editor", text=source[i],
                                        why="removed_by_editor") for i in range(line_count) if i not in covered]
    title = next((s.text for s in segments if s.role == "title"), None)
    return Script(title=title or old.title, segments=segments, skipped=skipped, repeat=old.repeat)


def respeak(script: Script, speak: Callable[[str], str]) -> Script:
    """The same script with every spoken form computed again (after lexicon changes)."""
    return script.model_copy(update={"segments": [s.model_copy(update={"spoken": speak(s.text)})
                                                  for s in script.segments]})
