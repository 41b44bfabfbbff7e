"""The Celery app's configuration, shared by the API (which only sends tasks by name) and the workers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from celery import Celery

from service.settings import Settings, get_settings

# Words: a *render* is an article's audio; a *broadcast* is a commune's programme for a slot (or an emergency);
# a *recording* is the stored MP3 of either; the *running order* is what the template lays out.
RENDER_ARTICLE = "bantin.render_article"
SPEAK_SEGMENT = "bantin.speak_segment"
ASSEMBLE_RENDER = "bantin.assemble_render"
PREPARE_TEMPLATE_FILE = "bantin.prepare_template_file"
EVICT_CACHE = "bantin.evict_cache"
PLAN_BROADCASTS = "bantin.plan_broadcasts"
BUILD_BROADCAST = "bantin.build_broadcast"
BUILD_SLOT = "bantin.build_slot"
PUBLISH_DUE = "bantin.publish_due"
BUILD_EMERGENCY = "bantin.build_emergency"
EXPIRE_RECORDINGS = "bantin.expire_recordings"
LISTEN_PART = "bantin.listen_part"
PREPARE_VOICE_TRACK = "bantin.prepare_voice_track"
INSTALL_PIPER_VOICE = "bantin.install_piper_voice"
SWEEP_VOICE_TRACKS = "bantin.sweep_voice_tracks"
# (workers/tasks.py still answers the names these tasks had before, for messages queued by an older version)
RECOVER = "bantin.recover"
RESUME_BROADCAST = "bantin.resume_broadcast"
UPGRADE_BROADCAST = "bantin.upgrade_broadcast"


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    prefetch = 1
    if settings.broker_url.startswith("sqla+sqlite:///"):
        Path(settings.broker_url.removeprefix("sqla+sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # The SQL transport polls once a second by default, which makes a render of forty segment
        # tasks wait forty seconds. Its transport options go to create_engine, so the interval can only
        # be set on the class.
        from kombu.transport import sqlalchemy as sqla_transport

        sqla_transport.Transport.polling_interval = 0.1
        # With one message in hand the polling loop sleeps its full two-second timeout before it asks
        # again; holding a few keeps the worker busy. (Redis pushes messages, so it needs neither.)
        prefetch = 8
    app = Celery("bantin", broker=settings.broker_url)
    app.conf.update(
        task_ignore_result=True,  # the database holds every result
        task_acks_late=True,  # a worker killed mid-task leaves the message for another
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=prefetch,
        task_soft_time_limit=settings.task_soft_time_limit_s,
        task_time_limit=settings.task_time_limit_s,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        timezone="Asia/Ho_Chi_Minh",
    )
    app.conf.beat_schedule = {
        "evict-cache": {"task": EVICT_CACHE, "schedule": 3600.0},
        "plan-broadcasts": {"task": PLAN_BROADCASTS, "schedule": 60.0},
        "publish-due": {"task": PUBLISH_DUE, "schedule": 60.0},
        "expire-recordings": {"task": EXPIRE_RECORDINGS, "schedule": 3600.0},
        "sweep-voice-tracks": {"task": SWEEP_VOICE_TRACKS, "schedule": 3600.0},
        "recover": {"task": RECOVER, "schedule": settings.recovery_interval_s},
    }
    if settings.broker_url.startswith(("redis://", "rediss://")):
        # Redis re-delivers unacked messages after this; it must outlast the longest task.
        app.conf.broker_transport_options = {"visibility_timeout": settings.task_time_limit_s * 2}
    return app


@cache
def _client(broker_url: str) -> Celery:
    return make_celery()


def enqueue(task: str, *args: object, countdown: float | None = None) -> None:
    """Send a task by name (to run `countdown` seconds from now); only ids travel, the database holds the rest."""
    _client(get_settings().broker_url).send_task(task, args=list(args), countdown=countdown)


def enqueue_render(job_id: str) -> None:
    """Hand a render job to the workers; only the id travels, the database holds the rest."""
    enqueue(RENDER_ARTICLE, job_id)
