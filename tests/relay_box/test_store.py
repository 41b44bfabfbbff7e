"""The box's files: atomic writes, leftovers of a killed writer swept, those of a live one left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "relay"))  # the agent is its own project, not installed in this environment

from bantin_relay import store  # noqa: E402


def test_atomic_writes_and_the_sweep(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    store.write_json(target, {"a": 1})
    store.write_bytes(tmp_path / "token", b"secret\n", mode=0o600)
    assert store.read_json(target, None) == {"a": 1} and (tmp_path / "token").stat().st_mode & 0o777 == 0o600
    assert store.read_json(tmp_path / "missing.json", {"first": "run"}) == {"first": "run"}
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        leftovers = {f"state.json.{dead.stdout.strip()}.tmp": "removed", f"played.json.{live.pid}.tmp": "kept",
                     "old-style.tmp": "removed", "state.json": "kept"}
        for name in leftovers:
            if name != "state.json":
                (tmp_path / name).write_text("half")
        store.sweep_tmp(tmp_path)
        assert {n: "kept" if (tmp_path / n).exists() else "removed" for n in leftovers} == leftovers
    finally:
        live.kill()
        live.wait()


def test_the_journal_forgets_only_what_was_acknowledged(tmp_path: Path) -> None:
    spool = store.Journal(tmp_path / "receipts")
    assert spool.pending() == []
    for key in ("d-a", "p-a-1", "p-a-2"):
        spool.add({"key": key, "programme_id": "a", "kind": "played"})
    spool.add({"key": "p-a-1", "programme_id": "a", "kind": "played"})  # queued twice: still one
    assert [r["key"] for r in spool.pending()] == ["d-a", "p-a-1", "p-a-2"]
    spool.done("p-a-1")
    spool.done("p-a-1")  # acknowledged twice (two senders): no error
    assert [r["key"] for r in spool.pending()] == ["d-a", "p-a-2"]
