"""Waiting for a worker's verdict on an upload: the API never runs ffmpeg or piper, so it leaves the upload in
storage, sends a task, and waits for the answer the worker writes next to it (a small JSON object)."""

from __future__ import annotations

import json
import time
from typing import Any

from service.storage import Storage


class StillChecking(RuntimeError):
    """No worker answered within the wait: nothing is stored, the upload may be sent again."""


def wait(storage: Storage, answer_key: str, *, wait_s: float, uploads: list[str], still: StillChecking,
         poll_s: float = 0.1) -> dict[str, Any]:
    """The worker's answer; the uploads and the answer are removed whatever it says. Raises `still` when no
    answer came within wait_s (the uploads are removed: a worker that starts late finds nothing to check)."""
    deadline = time.monotonic() + wait_s
    while not storage.exists(answer_key):
        if time.monotonic() > deadline:
            for key in uploads:
                storage.delete(key)
            raise still
        time.sleep(poll_s)
    answer: dict[str, Any] = json.loads(storage.read_bytes(answer_key))
    for key in [answer_key, *uploads]:
        storage.delete(key)
    return answer
