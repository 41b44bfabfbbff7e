"""`python -m bench`: every benchmark, one table. Needs Redis at 127.0.0.1:6379 (as the tests do)."""

from __future__ import annotations

from bench import audio, cloud_voices, district, load, relay, relay_box, text, voices
from bench.table import render
from tests import guard


def main() -> None:
    guard.install()  # the benchmarks read only the repository, as the tests do
    rows = [*text.rows(), *voices.rows(), *cloud_voices.rows(), *audio.rows(), *district.rows(), *relay.rows(),
            *relay_box.rows(), *load.rows()]
    print(render(rows))


if __name__ == "__main__":
    main()
