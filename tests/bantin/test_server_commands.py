"""`bantin worker` as docker stop and systemd stop it: SIGTERM to the command's pid, and nothing of it stays behind."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from tests.conftest import Processes


def _group(pgid: int) -> list[str]:
    """The command lines of the live processes in process group `pgid` (zombies are already gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # it ended while we looked
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(cmdline)
    return found


def test_sigterm_to_bantin_worker_stops_celery(processes: Processes) -> None:
    worker = processes.start("worker", [sys.executable, "-m", "bantin", "worker", "--concurrency", "1"])
    deadline = time.monotonic() + 120
    while " ready." not in processes.log("worker", tail=None) and time.monotonic() < deadline:
        assert worker.poll() is None, processes.log("worker")
        time.sleep(0.3)
    assert " ready." in processes.log("worker", tail=None), processes.log("worker")
    # The command became celery: the pid docker and systemd signal is the worker's own.
    assert "celery" in Path(f"/proc/{worker.pid}/cmdline").read_bytes().decode(errors="replace")

    os.kill(worker.pid, signal.SIGTERM)  # the pid only, as `docker stop` signals a container's first process
    worker.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _group(worker.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group(worker.pid) == [], processes.log("worker")
    assert worker.returncode == 0, processes.log("worker")
