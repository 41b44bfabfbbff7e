"""One row per figure: what was measured, the baseline measured beside it, their ratio, and the target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float
    baseline_name: str
    baseline: float
    unit: str
    target: str

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of fn in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def render(rows: list[Row]) -> str:
    header = f"{'figure':44} {'value':>10} {'unit':5} {'baseline':34} {'base':>10} {'ratio':>7}  target"
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(f"{r.name:44} {r.value:10.2f} {r.unit:5} {r.baseline_name:34} {r.baseline:10.2f} "
                     f"{r.ratio:7.3f}  {r.target}")
    return "\n".join(lines)
