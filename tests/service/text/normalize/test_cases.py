"""Spoken-form cases kept as data: news sentences and the vocabulary of commune notices, scored like ../shared."""

from __future__ import annotations

import unicodedata

import pytest

from service.text.normalize import normalize
from service.text.scoring import case_failures, load_cases
from tests.conftest import DATA

CASES = DATA / "normalize"
DEVELOPMENT = [case for name in ("news_cases.jsonl", "notice_cases.jsonl") for case in load_cases(CASES / name)]


@pytest.mark.parametrize("case", DEVELOPMENT, ids=[c["id"] for c in DEVELOPMENT])
def test_spoken_form(case: dict[str, object]) -> None:
    spoken = normalize(str(case["input"]))
    assert case_failures(case, spoken) == [], spoken


def test_the_scorer_fails_what_is_left_written() -> None:
    # The raw input must fail its own case: a case that anything passes would measure nothing (except the
    # cases of decomposed Unicode, which the scorer itself composes).
    failing = [c["id"] for c in DEVELOPMENT if not case_failures(c, str(c["input"]))
               and unicodedata.is_normalized("NFC", str(c["input"]))]
    assert failing == []


def test_held_out_cases_are_well_formed() -> None:
    held_out = load_cases(CASES / "heldout_cases.jsonl")
    assert len(held_out) >= 20
    assert len({c["id"] for c in held_out} | {c["id"] for c in DEVELOPMENT}) == len(held_out) + len(DEVELOPMENT)
