"""Thin Celery tasks: they carry ids and call the logic in workers.render_job."""

from __future__ import annotations

from service.queue import RENDER_ARTICLE
from workers import render_job
from workers.celery_app import app


@app.task(name=RENDER_ARTICLE, bind=True, max_retries=2, default_retry_delay=5)
def render_article(self, job_id: str) -> str | None:
    return render_job.run(job_id)
