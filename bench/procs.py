"""Start real bantin worker processes for a benchmark, with their own settings, and stop them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clear_caches() -> None:
    from service import db, queue, settings
    from workers.tts import limits

    limits.reset_local()
    settings.get_settings.cache_clear()
    db.get_engine.cache_clear()
    queue._client.cache_clear()


@contextmanager
def environment(**values: str) -> Iterator[Path]:
    """A fresh data folder and BANTIN_* settings for this process and the workers it starts."""
    old = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as tmp:
        os.environ.update({"BANTIN_DATA_DIR": tmp, **values})
        clear_caches()
        from service.db import migrate

        migrate()
        try:
            yield Path(tmp)
        finally:
            os.environ.clear()
            os.environ.update(old)
            clear_caches()


@contextmanager
def workers(count: int, logdir: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs = []
    for n in range(count):
        log = (logdir / f"worker{n}.log").open("wb")
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--loglevel", "WARNING",
             "--concurrency", "1", "--without-gossip", "--without-mingle", "-n", f"bench{n}@%h"],
            env=dict(os.environ), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
    try:
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
