"""Chunking for the engines: pieces within the limit, cut at natural pauses, never inside a word,
a number or an expanded abbreviation."""

from __future__ import annotations

import pytest

from service.text.chunk import chunk
from service.text.normalize import normalize
from tests.conftest import SEED

CASES = [
    ("Câu một. Câu hai.", 100, ["Câu một. Câu hai."]),
    ("Câu thứ nhất khá dài. Câu thứ hai cũng dài.", 25, ["Câu thứ nhất khá dài.", "Câu thứ hai cũng dài."]),
    ("một, hai, ba, bốn, năm, sáu", 12, ["một, hai,", "ba, bốn,", "năm, sáu"]),
    ("", 100, []),
]


@pytest.mark.parametrize(("text", "limit", "pieces"), CASES)
def test_chunk_table(text: str, limit: int, pieces: list[str]) -> None:
    assert chunk(text, limit) == pieces


@pytest.mark.parametrize("limit", [40, 60, 100])
def test_seed_chunks_fit_and_keep_expansions_whole(limit: int) -> None:
    for line in SEED.read_text(encoding="utf-8").splitlines():
        spoken = normalize(line)
        pieces = chunk(spoken, limit)
        assert all(len(p) <= limit for p in pieces)
        assert " ".join(pieces).replace("\xa0", " ") == " ".join(spoken.split())  # nothing lost or added
        glued = [w for w in spoken.split(" ") if "\xa0" in w and len(w) <= limit]
        for expansion in glued:  # every expansion that fits sits whole inside one piece
            assert any(expansion in p for p in pieces), expansion


def test_an_expanded_abbreviation_is_never_cut() -> None:
    spoken = normalize("Đại diện Bộ TT&TT và UBND tỉnh, BCH Đoàn và BHXH huyện dự hội nghị về PCTT&TKCN năm 2024.")
    for limit in range(30, 80, 7):
        for piece in chunk(spoken, limit):
            assert not piece.startswith(("nhân dân", "thông tin", "và truyền thông", "chấp hành", "xã hội"))
