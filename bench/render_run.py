"""Render an article of a given length in this process and report time and peak memory, for bench/audio.py.
`python -m bench.render_run MINUTES OUT.mp3` (the data folder comes from BANTIN_DATA_DIR)."""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

from bench.text import SEED


def long_article(minutes: float) -> str:
    """The seed's paragraphs repeated until about `minutes` of speech, each made unique (no cache hits)."""
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if len(line.strip()) > 80]
    seconds_per_char = 0.065  # espeak reads about 15 characters a second
    body, total, n = [], 0.0, 0
    while total < minutes * 60:
        # Every sentence carries the paragraph's number, so no piece repeats and the cache answers nothing.
        sentences = re.split(r"(?<=[.!?])\s+", lines[n % len(lines)].strip())
        text = " ".join(f"{s[:-1]}, lần {n + 1}{s[-1]}" if s[-1:] in ".!?" else f"{s} lần {n + 1}"
                        for s in sentences if s)
        body.append(text)
        total += len(text) * seconds_per_char
        n += 1
    return "Bản tin dài\n\n" + "\n\n".join(body)


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM) in MB; 0 when it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(minutes: float, out: Path) -> None:
    from service.running_order import for_station
    from service.settings import get_settings
    from service.storage import get_storage
    from service.text.script import build_script
    from workers.pipeline import render

    script = build_script(long_article(minutes))
    start = time.perf_counter()
    settings = get_settings()
    storage = get_storage(settings)
    result = render([script], out, template=for_station(settings, storage), settings=settings, storage=storage)
    elapsed = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "duration_s": result.assembled.duration_s, "passes": result.assembled.passes,
                      "python_peak_mb": peak_rss_mb(), "ffmpeg_peak_mb": children}))


if __name__ == "__main__":
    main(float(sys.argv[1]), Path(sys.argv[2]))
