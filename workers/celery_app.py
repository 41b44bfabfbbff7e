"""The Celery app the workers run: `celery -A workers.celery_app worker`."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

from celery.signals import setup_logging, task_postrun, task_prerun, worker_process_init

from service import logs
from service.health import HEARTBEAT_S, beat
from service.metrics import tally
from service.queue import ASSEMBLE_RENDER, RENDER_ARTICLE, SPEAK_SEGMENT, make_celery
from service.settings import get_settings

app = make_celery()
app.conf.imports = ["workers.tasks"]
log = logging.getLogger("bantin.worker")


JOB_TASKS = {RENDER_ARTICLE, SPEAK_SEGMENT, ASSEMBLE_RENDER}  # their first argument is a job id


@setup_logging.connect
def _logging(**_: object) -> None:
    """Celery leaves logging to us when this signal has a receiver: the same JSON lines as the API."""
    logs.configure(get_settings())


@task_prerun.connect
def _job_context(task: object = None, args: tuple[object, ...] = (), **_: object) -> None:
    name = getattr(task, "name", "")
    logs.job_id_var.set(str(args[0]) if name in JOB_TASKS and args else None)


@task_postrun.connect
def _flush_metrics(**_: object) -> None:
    """What a task counted goes to the database as it ends (read by the API's /metrics)."""
    logs.job_id_var.set(None)
    try:
        tally.flush()
    except Exception:
        log.warning("could not write metrics; they are kept for the next task", exc_info=True)

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


@worker_process_init.connect
def _load_engines(**_: object) -> None:
    """Import the engine chain's modules now: the Google client alone takes a quarter of a second to import,
    which the first render's plan and each of its speaking tasks would otherwise wait for."""
    from workers.tts import get_engine

    for name in get_settings().engine_chain:
        try:
            get_engine(name)
        except Exception:  # a missing extra is reported when the engine is asked to speak
            log.warning("speech engine %s could not be loaded", name, exc_info=True)
