"""Text figures: normalising and scripting the seed article and a 5,000-word document; segmentation and
spoken-form scores on the project's corpus (development and held-out sets, per genre)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bench import corpus
from bench.table import Row, best_of
from service.text.normalize import normalize
from service.text.scoring import case_failures, load_cases
from service.text.script import build_script

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SEED = DATA / "seed" / "kim-son-chi-thi-05.txt"


def long_document(words: int = 5_000) -> str:
    """Development documents of every genre, one after another, cut at `words` words."""
    text, count = [], 0
    for doc in corpus.documents("dev"):
        for line in doc.text.split("\n"):
            text.append(line)
            count += len(line.split())
            if count >= words:
                return "\n".join(text)
    return "\n".join(text)


def spoken_form_score(name: str, *, as_written: bool = False) -> float:
    """Share of cases passed by the normaliser (or by the text left as written: the baseline)."""
    cases = load_cases(DATA / "normalize" / name)
    return 100 * sum(not case_failures(c, c["input"] if as_written else normalize(c["input"]))
                     for c in cases) / len(cases)


def rows() -> list[Row]:
    text = SEED.read_text(encoding="utf-8")
    long = long_document()
    # Baseline: the least any reader must do, Unicode NFC plus splitting into words.
    baseline = best_of(lambda: unicodedata.normalize("NFC", text).split())
    long_baseline = best_of(lambda: unicodedata.normalize("NFC", long).split())
    as_written = spoken_form_score("notice_cases.jsonl", as_written=True)
    return [
        Row("normalise whole seed article", best_of(lambda: normalize(text)), "NFC + split (floor)", baseline,
            "ms", "< 50 ms"),
        Row("script (segment + normalise) seed article", best_of(lambda: build_script(text)),
            "NFC + split (floor)", baseline, "ms", "-"),
        Row(f"script a {len(long.split())}-word document", best_of(lambda: build_script(long), repeat=5),
            "NFC + split (floor)", long_baseline, "ms", "< 100 ms"),
        *corpus.rows(),
        Row("spoken forms right: news + notices (dev)", (spoken_form_score("news_cases.jsonl")
                                                         + spoken_form_score("notice_cases.jsonl")) / 2,
            "text as written", as_written, "%", "100 %"),
        Row("spoken forms right: notices (held-out)", spoken_form_score("heldout_cases.jsonl"),
            "text as written", as_written, "%", "-"),
    ]
