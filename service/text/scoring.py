"""How well a script matches gold voice roles, line by line: the measure the segmenter is built against.

Two gold shapes are read: the annotated corpus (`NAME.gold.txt`, one `ROLE<TAB>TEXT` per line, see
tests/data/corpus/README.md) and the seed's pair (`NAME.txt` + `NAME.gold.json`, lines indexed from 0).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.schemas import Script


@dataclass(frozen=True)
class Gold:
    """What one non-blank line should become: a role, maybe a speaker, maybe other acceptable roles."""

    line: int
    role: str
    speaker: str | None = None
    why: str | None = None
    also_ok: tuple[Gold, ...] = ()
    text: str = ""


@dataclass
class GoldDocument:
    name: str
    genre: str
    text: str
    gold: list[Gold]
    repeat: int | None = None
    not_spoken: list[str] = field(default_factory=list)


@dataclass
class Mismatch:
    line: int
    gold: str
    got: str
    text: str


@dataclass
class DocumentScore:
    name: str
    genre: str
    correct: int
    total: int
    mismatches: list[Mismatch]
    spoken_leaks: list[str] = field(default_factory=list)
    repeat_ok: bool = True


def _role(spec: str, line: int, text: str) -> Gold:
    """`official@Name`, `skip/caption`, `narrator` → a Gold line."""
    speaker = why = None
    if "@" in spec:
        spec, speaker = spec.split("@", 1)
    if "/" in spec:
        spec, why = spec.split("/", 1)
    return Gold(line=line, role=spec, speaker=speaker, why=why, text=text)


def parse_annotated(name: str, source: str) -> GoldDocument:
    """A `.gold.txt` document: header lines, then `ROLE<TAB>TEXT` per line (blank lines stay blank)."""
    rows = source.split("\n")
    headers: dict[str, list[str]] = {}
    start = 0
    while start < len(rows) and rows[start].startswith("# "):
        key, _, value = rows[start][2:].partition(":")
        headers.setdefault(key.strip(), []).append(value.strip())
        start += 1
    text_lines: list[str] = []
    gold: list[Gold] = []
    for row in rows[start:]:
        if not row.strip():
            text_lines.append("")
            continue
        spec, _, text = row.partition("\t")
        first, *alternatives = spec.split("~")
        index = len(gold)
        alts = tuple(_role(alt, index, text) for alt in alternatives)
        main = _role(first, index, text)
        gold.append(Gold(main.line, main.role, main.speaker, main.why, alts, text))
        text_lines.append(text)
    repeat = headers.get("repeat")
    return GoldDocument(name=name, genre=headers.get("genre", ["unknown"])[0], text="\n".join(text_lines),
                        gold=gold, repeat=int(repeat[0]) if repeat else None,
                        not_spoken=headers.get("not_spoken", []))


def load_document(path: Path) -> GoldDocument:
    """A corpus document (`.gold.txt`), or the seed's pair when given its `.gold.json`."""
    if path.name.endswith(".gold.txt"):
        return parse_annotated(path.name.removesuffix(".gold.txt"), path.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_name(path.name.removesuffix(".gold.json") + ".txt").read_text(encoding="utf-8")
    gold = [Gold(line=p["i"], role=p["role"], speaker=p.get("speaker"),
                 also_ok=tuple(Gold(line=p["i"], role=alt) for alt in p.get("also_ok", [])))
            for p in data["paragraphs"]]
    return GoldDocument(name=path.name.removesuffix(".gold.json"), genre="interview", text=text, gold=gold)


def load_corpus(folder: Path) -> list[GoldDocument]:
    return [load_document(p) for p in sorted(folder.glob("*.gold.txt"))]


def _fold(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").casefold().replace("uỷ", "ủy").strip()


def same_person(gold: str | None, got: str | None) -> bool:
    """Gold may hold a whole label ("Đồng chí X – chức vụ"), a prediction the name only, or the reverse."""
    g, p = _fold(gold), _fold(got)
    return bool(g) and bool(p) and (g in p or p in g)


def predicted(script: Script) -> dict[int, tuple[str, str | None]]:
    """Each source line's role as the script gives it: a segment role, or `skip:REASON`."""
    by_line: dict[int, tuple[str, str | None]] = {}
    for seg in script.segments:
        for i in seg.source_lines:
            by_line[i] = (seg.role, seg.speaker)
    for skip in script.skipped:
        by_line.setdefault(skip.source_line, ("skip:" + skip.reason, None))
    return by_line


def agrees(gold: Gold, got: tuple[str, str | None]) -> bool:
    """The rules of ../shared/eval/score_segmentation.py: a label may be read as the answer it names, a byline
    may be left unread, narrator and title are one voice."""
    if any(agrees(alt, got) for alt in gold.also_ok):
        return True
    role, speaker = got
    if gold.role == "skip":
        return role.startswith("skip")
    if gold.role == "label":
        return role == "skip:speaker_label" or (role == "official" and same_person(gold.speaker, speaker))
    if gold.role == "reporter_label":
        return role in ("skip:speaker_label", "reporter")
    if gold.role == "official":
        return role == "official" and (same_person(gold.speaker, speaker) if gold.speaker else True)
    if gold.role in ("narrator", "title"):
        return role in ("narrator", "title")
    if gold.role == "byline":
        return role == "byline" or role.startswith("skip")
    return role == gold.role


def describe(gold: Gold) -> str:
    return gold.role + (f"/{gold.why}" if gold.why else "") + (f"@{gold.speaker}" if gold.speaker else "")


def score(doc: GoldDocument, script: Script, *, repeat: int | None = None) -> DocumentScore:
    """Lines whose role agrees with gold, what leaked into the voices, and whether `repeat` was read right."""
    got = predicted(script)
    mismatches = []
    for g in doc.gold:
        p = got.get(g.line, ("missing", None))
        if not agrees(g, p):
            mismatches.append(Mismatch(g.line, describe(g), p[0] + (f"@{p[1]}" if p[1] else ""), g.text))
    spoken = "\n".join(seg.spoken for seg in script.segments)
    leaks = [s for s in doc.not_spoken if s in spoken]
    return DocumentScore(doc.name, doc.genre, len(doc.gold) - len(mismatches), len(doc.gold), mismatches, leaks,
                         repeat_ok=repeat == doc.repeat)


# Spoken-form cases: {"id", "input", "must": [regex...], "must_not": [regex...]} per JSON line, checked on
# a canonical form (lower case, one tone placement, punctuation as spaces), as ../shared/eval scores them.
_OLD_TONE_PLACEMENT = [("uỷ", "ủy"), ("uý", "úy"), ("uỵ", "ụy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("oà", "òa"),
                       ("oá", "óa"), ("oạ", "ọa"), ("oả", "ỏa"), ("oã", "õa"), ("oè", "òe"), ("oé", "óe"),
                       ("oẹ", "ọe"), ("oẻ", "ỏe"), ("oẽ", "õe")]


def _letters(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower()
    for new_style, old_style in _OLD_TONE_PLACEMENT:
        s = s.replace(new_style, old_style)
    return s.replace("kí lô", "ki lô")


def canonical_spoken(s: str) -> str:
    s = re.sub(r"[,.;:!?\"“”()\[\]…]+", " ", _letters(s.replace("\u00a0", " ")))
    return re.sub(r"\s+", " ", s).strip()


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_failures(case: dict[str, Any], spoken: str) -> list[str]:
    """The patterns a spoken form misses (`must`) or wrongly has (`NOT …`, from `must_not`)."""
    c = canonical_spoken(spoken)
    missing = [p for p in case["must"] if not re.search(_letters(p), c)]
    return missing + ["NOT " + p for p in case.get("must_not", []) if re.search(p, c)]
