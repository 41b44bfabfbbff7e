"""`python -m bench`: every benchmark, one table."""

from __future__ import annotations

from bench import text
from bench.table import render


def main() -> None:
    rows = [*text.rows()]
    print(render(rows))


if __name__ == "__main__":
    main()
