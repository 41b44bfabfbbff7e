"""Segmentation scores on the project's corpus, per genre: `python -m bench.corpus [dev|heldout] [-v]`.

`-v` lists every wrong line of the development set; the held-out set only ever reports its totals, so that
nobody writes rules while looking at it.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from bench.table import Row
from service.schemas import Script, Segment
from service.text.scoring import DocumentScore, GoldDocument, load_corpus, load_document, score
from service.text.script import build_script, non_blank_lines

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
SEED_GOLD = CORPUS.parent / "seed" / "kim-son-chi-thi-05.gold.json"


def documents(part: str) -> list[GoldDocument]:
    docs = load_corpus(CORPUS / part)
    return [*docs, load_document(SEED_GOLD)] if part == "dev" else docs


def scores(part: str) -> list[DocumentScore]:
    results = []
    for doc in documents(part):
        script = build_script(doc.text)
        results.append(score(doc, script, repeat=script.repeat))
    return results


def read_everything(doc: GoldDocument) -> Script:
    """The baseline: every line read aloud by the narrator, as a tool without article understanding would."""
    lines = non_blank_lines(doc.text)
    return Script(title=None, segments=[Segment(index=i, role="narrator", text=t, spoken=t, source_lines=[i])
                                        for i, t in enumerate(lines)])


def by_genre(results: list[DocumentScore]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        totals[r.genre][0] += r.correct
        totals[r.genre][1] += r.total
    return {genre: (c, t) for genre, (c, t) in sorted(totals.items())}


def rows() -> list[Row]:
    out = []
    for part in ("dev", "heldout"):
        ours = by_genre(scores(part))
        naive = by_genre([score(d, read_everything(d)) for d in documents(part)])
        for genre, (correct, total) in ours.items():
            base_c, base_t = naive[genre]
            out.append(Row(f"lines right: {genre} ({part}, {total} lines)", 100 * correct / total,
                           "every line read aloud", 100 * base_c / base_t, "%", ">= 97 %"))
    return out


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "dev"
    results = scores(part)
    if "-v" in sys.argv and part == "dev":
        for r in results:
            for m in r.mismatches:
                print(f"{r.name}:{m.line}: gold {m.gold} got {m.got} | {m.text[:90]}")
            for leak in r.spoken_leaks:
                print(f"{r.name}: spoken text keeps {leak!r}")
            if not r.repeat_ok:
                print(f"{r.name}: repeat wrong")
    for genre, (correct, total) in by_genre(results).items():
        print(f"{part} {genre:10} {correct:5}/{total:<5} {100 * correct / total:6.1f} %")
    leaks = sum(len(r.spoken_leaks) for r in results)
    repeats = sum(not r.repeat_ok for r in results)
    print(f"{part} documents {len(results)}, spoken leaks {leaks}, repeat wrong {repeats}")


if __name__ == "__main__":
    main()
