"""The Celery app the workers run: `celery -A workers.celery_app worker`."""

from __future__ import annotations

from service.queue import make_celery

app = make_celery()
app.conf.imports = ["workers.tasks"]
