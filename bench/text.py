"""Text figures: normalising and scripting the seed article."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bench.table import Row, best_of
from service.text.normalize import normalize
from service.text.script import build_script

SEED = Path(__file__).resolve().parents[1] / "tests" / "data" / "seed" / "kim-son-chi-thi-05.txt"


def rows() -> list[Row]:
    text = SEED.read_text(encoding="utf-8")
    # Baseline: the least any reader must do, Unicode NFC plus splitting into words.
    baseline = best_of(lambda: unicodedata.normalize("NFC", text).split())
    return [
        Row("normalise whole seed article", best_of(lambda: normalize(text)), "NFC + split (floor)", baseline,
            "ms", "< 50 ms"),
        Row("script (segment + normalise) seed article", best_of(lambda: build_script(text)),
            "NFC + split (floor)", baseline, "ms", "-"),
    ]
