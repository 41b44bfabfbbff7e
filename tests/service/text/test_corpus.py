"""The segmenter on the project's corpus: every line accounted for, nothing written-only reaches a voice, and the
development set scored per genre. The held-out set is only checked for shape here; `make bench` reports its score."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.text.scoring import GoldDocument, load_corpus, load_document, score
from service.text.script import build_script, non_blank_lines
from tests.conftest import DATA, SEED_GOLD

CORPUS = DATA / "corpus"
DEV = load_corpus(CORPUS / "dev")
HELD_OUT = load_corpus(CORPUS / "heldout")
GENRES = ("notice", "web", "interview", "radio")


def test_the_corpus_is_large_enough() -> None:
    assert len(DEV) + len(HELD_OUT) >= 60
    for genre in GENRES:
        assert sum(d.genre == genre for d in DEV) >= 10, genre
        assert sum(d.genre == genre for d in HELD_OUT) >= 3, genre


@pytest.mark.parametrize("doc", [*DEV, *HELD_OUT], ids=[d.name for d in [*DEV, *HELD_OUT]])
def test_every_line_is_read_or_skipped_once(doc: GoldDocument) -> None:
    script = build_script(doc.text)
    lines = sorted([i for s in script.segments for i in s.source_lines] + [s.source_line for s in script.skipped])
    assert lines == list(range(len(non_blank_lines(doc.text)))) == [g.line for g in doc.gold]
    assert all(0 <= s.confidence <= 1 and s.why for s in [*script.segments, *script.skipped])


def test_written_marks_rarely_reach_a_voice_and_repeats_are_read() -> None:
    # Agency tags, "./.", markup and labels must not be spoken; "phát 02 lần/ngày" must become repeat 2. The
    # development set holds a few documents the rules still get wrong (listed when this fails): a floor.
    results = [score(d, script, repeat=script.repeat) for d in DEV for script in [build_script(d.text)]]
    leaks = [f"{r.name}: {r.spoken_leaks}" for r in results if r.spoken_leaks]
    repeats = [r.name for r in results if not r.repeat_ok]
    assert len(leaks) <= 0.02 * len(DEV), "\n".join(leaks)
    assert len(repeats) <= 0.02 * len(DEV), repeats


# Floors under today's figures (README): a change that makes any genre worse fails here.
# Round 18's hard web pages and radio scripts brought web to 98.0 % and radio to 95.0 %, right at the earlier
# floors (0.98, 0.95): each floor now sits half a point under the genre's figure. Round 21's twenty documents
# (94.99 % radio with their rules) put radio at 0.945, half a point under it again. Round 22 brought radio to
# 95.6 % with its rules: 0.95. Round 23's twenty hard documents (an .srt export, a numbered recording script, a
# live blog, a photo story …) left radio at 94.6 % and web at 97.2 % with their rules: 0.94 and 0.97.
FLOORS = {"notice": 0.985, "web": 0.97, "interview": 0.94, "radio": 0.94}


@pytest.mark.parametrize("genre", GENRES)
def test_development_score_per_genre(genre: str) -> None:
    docs = [d for d in DEV if d.genre == genre]
    results = [score(d, build_script(d.text)) for d in docs]
    correct, total = sum(r.correct for r in results), sum(r.total for r in results)
    wrong = [f"{r.name}:{m.line} gold {m.gold} got {m.got}" for r in results for m in r.mismatches]
    assert correct / total >= FLOORS[genre], "\n".join(wrong)


def test_seed_gold_is_in_the_project() -> None:
    assert isinstance(load_document(SEED_GOLD), GoldDocument)
    assert Path(SEED_GOLD).is_relative_to(DATA)
