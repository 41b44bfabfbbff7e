"""The recovery sweep: the database is the source of truth, the queue only carries ids.

A job or broadcast that is unfinished and that no worker has touched for `job_stale_s` lost its
messages: a worker was killed, or Redis restarted and emptied the queue. The sweep (run by beat)
sends the work again, or fails it with a message after `job_max_attempts` tries, so nothing stays
"running" forever. Each step is idempotent, so sending again never makes a second programme.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from service.articles import stale_jobs
from service.db import session_scope
from service.metrics import tally
from service.models import Broadcast
from service.settings import Settings, get_settings

log = logging.getLogger("bantin.recovery")


@dataclass
class Sweep:
    start: list[str] = field(default_factory=list)  # jobs never planned: plan them again
    resume: list[str] = field(default_factory=list)  # jobs planned: speak what is missing, then assemble
    rebuild: list[str] = field(default_factory=list)  # broadcasts whose build was lost
    failed: list[str] = field(default_factory=list)


def sweep(now: datetime, *, settings: Settings | None = None) -> Sweep:
    settings = settings or get_settings()
    before = now - timedelta(seconds=settings.job_stale_s)
    found = Sweep()
    with session_scope() as session:
        for job in stale_jobs(session, before=before):
            job.attempts += 1
            job.heartbeat_at, job.assembling_since = now, None
            if job.attempts > settings.job_max_attempts:
                job.state, job.finished_at = "failed", now
                job.error = (f"Việc dựng bị gián đoạn {job.attempts - 1} lần (workers lost); hãy bấm dựng lại. "
                             "The render was interrupted too many times.")
                found.failed.append(job.id)
            elif job.state == "queued" or not (job.result or {}).get("plan"):
                found.start.append(job.id)
            else:
                found.resume.append(job.id)
        last_sign = func.coalesce(Broadcast.heartbeat_at, Broadcast.created_at)
        for broadcast in session.scalars(select(Broadcast).where(Broadcast.state == "building", last_sign < before)
                                         .with_for_update(skip_locked=True)):
            broadcast.attempts += 1
            broadcast.heartbeat_at = now
            if broadcast.attempts > settings.job_max_attempts:
                broadcast.state = "failed"
                broadcast.error = "Không dựng được chương trình: bị gián đoạn nhiều lần (workers lost)."
                found.failed.append(broadcast.id)
            else:
                found.rebuild.append(broadcast.id)
    for name in ("start", "resume", "rebuild", "failed"):
        ids = getattr(found, name)
        if ids:
            tally.add("bantin_recovered", len(ids), action=name)
            log.warning("recovery sweep: %s %d (%s)", name, len(ids), ", ".join(ids[:5]))
    return found
