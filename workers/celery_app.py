"""The Celery app the workers run: `celery -A workers.celery_app worker`."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

from celery.signals import worker_process_init

from service.health import HEARTBEAT_S, beat
from service.queue import make_celery

app = make_celery()
app.conf.imports = ["workers.tasks"]



@worker_process_init.connect
def _heartbeat(**_: object) -> None:
    """Each worker process tells the database it is alive, every few seconds (read by /ready)."""
    name = f"{socket.gethostname()}:{os.getpid()}"

    def loop() -> None:
        while True:
            with contextlib.suppress(Exception):
                beat(name)
            time.sleep(HEARTBEAT_S)

    threading.Thread(target=loop, name="bantin-heartbeat", daemon=True).start()
