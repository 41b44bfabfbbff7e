"""Build the programmes of a slot, one per commune, and publish them at air time."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service import deadlines, robot_voice, running_order, workflow
from service import voice_tracks as voice_track_index
from service.db import session_scope
from service.lexicon import station_speaker
from service.models import Article, Broadcast, Commune, Job, Receipt, Recording, Slot, Station, utcnow
from service.queue import UPGRADE_BROADCAST, enqueue
from service.schedule import air_at, due, ensure_default_slots, select_articles, slot_title
from service.schemas import Script
from service.settings import Settings, get_settings
from service.stations import settings_for
from service.storage import Storage, get_storage
from service.text.edit import respeak
from workers import recording, shared_programme, voice_upgrade
from workers.heartbeat import keep_alive
from workers.pipeline import RenderResult, programme_tags, render

log = logging.getLogger("bantin.broadcasts")


def due_builds(now: datetime, *, settings: Settings | None = None) -> list[tuple[str, str, str, str]]:
    """(station, slot, air date, commune) of every programme that should be built now and is not yet."""
    settings = settings or get_settings()
    out = []
    with session_scope() as session:
        for station in session.scalars(select(Station)):
            for slot in ensure_default_slots(session, station, settings):
                day = due(slot, now, settings.timezone) if slot.active else None
                if day is None:
                    continue
                built = {b.commune_id for b in session.scalars(select(Broadcast).where(
                    Broadcast.slot_id == slot.id, Broadcast.air_date == day))}
                for commune in session.scalars(select(Commune).where(Commune.station_id == station.id)):
                    if commune.id not in built:
                        out.append((station.id, slot.id, day.isoformat(), commune.id))
    return out


def _claim(station_id: str, commune_id: str, *, slot_id: str | None, day: date, at: datetime,
           emergency_article_id: str | None = None) -> str | None:
    """Insert the broadcast row; None when it exists already (another beat or a retried task built it)."""
    try:
        with session_scope() as session:
            # Stored in UTC: SQLite keeps no time zone, and every comparison is made in UTC.
            row = Broadcast(station_id=station_id, commune_id=commune_id, slot_id=slot_id, air_date=day,
                            air_at=at.astimezone(UTC),
                            emergency_article_id=emergency_article_id, state="building")
            session.add(row)
            session.flush()
            return row.id
    except IntegrityError:
        return None


def _slot_facts(slot_id: str, day: date, settings: Settings) -> tuple[datetime, int, str]:
    """When the slot airs that day, how many minutes it holds, and its title."""
    with session_scope() as session:
        slot = session.get(Slot, slot_id)
        assert slot is not None
        return air_at(slot, day, settings.timezone), slot.max_minutes, slot_title(slot)


def build(station_id: str, slot_id: str, air_date: str, commune_id: str, *,
          settings: Settings | None = None) -> str | None:
    """The commune's programme for the slot: approved articles by priority then approval time, within the
    slot's length; the rest waits for the next slot. Returns the broadcast id (None: built elsewhere)."""
    settings = settings or get_settings()
    day = date.fromisoformat(air_date)
    at, max_minutes, slot_name = _slot_facts(slot_id, day, settings)
    broadcast_id = _claim(station_id, commune_id, slot_id=slot_id, day=day, at=at)
    if broadcast_id is None:
        return None
    with session_scope() as session:
        picked = select_articles(session, station_id=station_id, commune_id=commune_id, max_minutes=max_minutes)
        chosen, deferred = [a.id for a in picked.chosen], [a.id for a in picked.deferred]
    return _render(broadcast_id, chosen, deferred, slot_name=slot_name, day=day, settings=settings)


def build_slot(station_id: str, slot_id: str, air_date: str, commune_ids: list[str], *,
               settings: Settings | None = None) -> list[str]:
    """The slot's programmes for several communes, each commune's articles chosen as `build` chooses them;
    communes given the same articles share one programme, built once. Returns the broadcasts built here."""
    settings = settings or get_settings()
    day = date.fromisoformat(air_date)
    at, max_minutes, slot_name = _slot_facts(slot_id, day, settings)
    claimed = [b for b in (_claim(station_id, c, slot_id=slot_id, day=day, at=at) for c in commune_ids) if b]
    alike: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {}
    with session_scope() as session:
        for broadcast_id in claimed:
            broadcast = session.get(Broadcast, broadcast_id)
            assert broadcast is not None
            picked = select_articles(session, station_id=station_id, commune_id=broadcast.commune_id,
                                     max_minutes=max_minutes)
            alike.setdefault(tuple(a.id for a in picked.chosen), []).append(
                (broadcast_id, [a.id for a in picked.deferred]))
    for chosen, broadcasts in alike.items():
        _render_for_all(broadcasts, list(chosen), slot_name=slot_name, day=day, settings=settings)
    return claimed


def build_emergency(article_id: str, *, settings: Settings | None = None) -> list[str]:
    """An emergency bulletin goes out to its communes at once, outside the slots: built once for them all."""
    settings = settings or get_settings()
    now = utcnow()
    with session_scope() as session:
        article = session.get(Article, article_id)
        assert article is not None and article.station_id is not None
        station_id = article.station_id
        communes = [c.id for c in session.scalars(select(Commune).where(Commune.station_id == station_id))
                    if article.targets is None or c.id in article.targets]
    claimed = [b for b in (_claim(station_id, c, slot_id=None, day=now.date(), at=now,
                                  emergency_article_id=article_id) for c in communes) if b]
    _render_for_all([(b, []) for b in claimed], [article_id], slot_name=slot_title(None), day=now.date(),
                    settings=settings)
    return claimed


def _render_for_all(broadcasts: list[tuple[str, list[str]]], article_ids: list[str], *, slot_name: str,
                    day: date, settings: Settings) -> None:
    """Broadcasts of one recipe, given as (id, deferred articles): the first rendered, the others given its
    programme in one transaction. Should the first fail, the others stay building and the recovery sweep
    resumes each."""
    if not broadcasts:
        return
    first, *others = broadcasts
    with keep_alive(Broadcast, [b for b, _ in others]):  # they wait for this render: not lost
        _render(first[0], article_ids, first[1], slot_name=slot_name, day=day, settings=settings)
    if not article_ids:
        for broadcast_id, deferred in others:
            _render(broadcast_id, article_ids, deferred, slot_name=slot_name, day=day, settings=settings)
        return
    upgrades = []
    with session_scope() as session:
        source = session.get(Broadcast, first[0])
        assert source is not None and source.programme_id is not None
        found = session.get(Recording, source.programme_id)
        assert found is not None
        local = settings_for(session, settings, source.station_id)
        for broadcast_id, deferred in others:
            broadcast = session.get(Broadcast, broadcast_id)
            if broadcast is None or broadcast.state != "building":
                continue  # taken for lost and built meanwhile by the recovery sweep
            broadcast.deferred_ids = deferred
            programme = shared_programme.copy_of(found)
            upgrades.append((broadcast_id, _ready(session, broadcast_id, programme, article_ids,
                                                  robot=list(source.robot_parts or []))))
        fallbacks = voice_upgrade.fallback_parts(found.sidecar, local.engine_chain[0])
    for broadcast_id, air in upgrades:
        _upgrade_later(broadcast_id, fallbacks, air, local)


def resume(broadcast_id: str, *, settings: Settings | None = None) -> str | None:
    """Build again a broadcast whose build was lost (found by the recovery sweep); its row is kept."""
    settings = settings or get_settings()
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.state != "building":
            return None
        if broadcast.emergency_article_id:
            return _render(broadcast_id, [broadcast.emergency_article_id], [], slot_name=slot_title(None),
                           day=broadcast.air_date, settings=settings)
        slot = session.get(Slot, broadcast.slot_id)
        assert slot is not None
        picked = select_articles(session, station_id=broadcast.station_id, commune_id=broadcast.commune_id,
                                 max_minutes=slot.max_minutes)
        chosen, deferred = [a.id for a in picked.chosen], [a.id for a in picked.deferred]
        slot_name, day = slot_title(slot), broadcast.air_date
    return _render(broadcast_id, chosen, deferred, slot_name=slot_name, day=day, settings=settings)


def _programme_audio(broadcast_id: str, article_ids: list[str], *, slot_name: str, day: date, settings: Settings,
                     storage: Storage, wait_until: Callable[[datetime, Settings], datetime],
                     ) -> tuple[recording.Stored, RenderResult, Settings]:
    """Speak and assemble the broadcast's articles into stored audio; pieces wait for the network voice
    until `wait_until(air time, station settings)`."""
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        station = session.get(Station, broadcast.station_id)
        assert station is not None
        local = settings_for(session, settings, station.id)
        speak = station_speaker(session, station.id)
        scripts = [_as_approved(session, a, speak) for a in article_ids]
        tracks = {(n, index): key for n, (a, script) in enumerate(zip(article_ids, scripts, strict=True))
                  for index, key in voice_track_index.matching(session, a, script).items()}
        station_name, air = station.name, broadcast.air_at
    with keep_alive(Broadcast, broadcast_id), tempfile.TemporaryDirectory(prefix="bantin-programme-") as tmp:
        out = Path(tmp) / "programme.mp3"
        # No commune in the file: communes with the same articles share it (see workers/shared_programme.py).
        tags = programme_tags(f"{slot_name} {day.strftime('%d/%m/%Y')}", station=station_name, day=day,
                              slot=slot_name)
        result = render(scripts, out, template=running_order.for_station(local, storage), settings=local,
                        storage=storage, tags=tags, programme=True, station=station_name, day=day,
                        deadline=deadlines.seconds(wait_until(air, local)), voice_tracks=tracks)
        stored = recording.store(storage, out, name="broadcast", assembled=result.assembled)
    return stored, result, local


def _render(broadcast_id: str, article_ids: list[str], deferred: list[str], *, slot_name: str, day: date,
            settings: Settings) -> str:
    storage = get_storage(settings)
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        broadcast.deferred_ids = deferred
        if not article_ids:
            broadcast.state = "empty"
            return broadcast_id
        key = shared_programme.recipe(station_id=broadcast.station_id, slot_id=broadcast.slot_id,
                                      emergency_article_id=broadcast.emergency_article_id,
                                      air_date=broadcast.air_date, article_ids=article_ids)
    with shared_programme.one_builder(settings, key):
        if _reuse(broadcast_id, article_ids, settings=settings):
            return broadcast_id
        try:
            stored, result, local = _programme_audio(
                broadcast_id, article_ids, slot_name=slot_name, day=day, settings=settings, storage=storage,
                wait_until=lambda air, local: deadlines.programme(air, utcnow(), local))
        except Exception as exc:
            log.exception("programme %s failed", broadcast_id)
            with session_scope() as session:
                broadcast = session.get(Broadcast, broadcast_id)
                if broadcast is not None:
                    broadcast.state, broadcast.error = "failed", f"Không dựng được chương trình: {exc}"
            raise
        robot = robot_voice.parts(stored.sidecar, result.part_failures, first_choice=local.engine_chain[0])
        with session_scope() as session:
            programme = recording.describe(Recording(), stored, result.assembled)
            air = _ready(session, broadcast_id, programme, article_ids, robot=robot)
    _upgrade_later(broadcast_id, voice_upgrade.fallback_parts(stored.sidecar, local.engine_chain[0]), air, local)
    return broadcast_id


def _reuse(broadcast_id: str, article_ids: list[str], *, settings: Settings) -> bool:
    """The broadcast gets the programme another commune's broadcast of the same recipe has; False if none."""
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None
        found = shared_programme.twin(session, broadcast, article_ids)
        if found is None:
            return False
        programme = shared_programme.copy_of(found)
        local = settings_for(session, settings, broadcast.station_id)
        source = session.scalar(select(Broadcast).where(Broadcast.programme_id == found.id))
        robot = list(source.robot_parts or []) if source else []
        air = _ready(session, broadcast_id, programme, article_ids, robot=robot)
        sidecar = programme.sidecar
    _upgrade_later(broadcast_id, voice_upgrade.fallback_parts(sidecar, local.engine_chain[0]), air, local)
    return True


def _ready(session: Session, broadcast_id: str, programme: Recording, article_ids: list[str], *,
           robot: list[dict[str, Any]]) -> datetime:
    """The broadcast's programme is stored: it is ready (or held, when parts only the robot voice could speak and
    the station holds such programmes), and its articles are scheduled. Returns its air time."""
    session.add(programme)
    session.flush()
    broadcast = session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    station = session.get(Station, broadcast.station_id)
    state = robot_voice.state_after_build(station.robot_voice_policy if station else "warn", robot,
                                          scheduled=broadcast.slot_id is not None)
    broadcast.programme_id, broadcast.article_ids, broadcast.state = programme.id, article_ids, state
    broadcast.robot_parts = robot
    for article in session.scalars(select(Article).where(Article.id.in_(article_ids))):
        workflow.scheduled(session, article, broadcast=_described(session, broadcast))
    if robot:
        log.warning("programme %s %s: %d parts only espeak-ng could speak (at %s): %s", broadcast_id,
                    "HELD from relays" if state == "held" else "published with robot-voice parts", len(robot),
                    robot_voice.where(robot), robot[0]["reason"])
    return broadcast.air_at


def _upgrade_later(broadcast_id: str, fallbacks: int, air: datetime, local: Settings) -> None:
    """Try the first engine again for the fallback parts in a while, if there is time before air."""
    if not voice_upgrade.worth_trying(fallbacks, utcnow(), air, local):
        return
    log.info("programme %s: %d parts in a fallback voice; trying the first engine again in %g s",
             broadcast_id, fallbacks, local.upgrade_retry_s)
    try:
        enqueue(UPGRADE_BROADCAST, broadcast_id, countdown=local.upgrade_retry_s)
    except Exception:  # the programme as built is ready to air; the upgrade is a bonus
        log.warning("could not schedule the voice upgrade of programme %s", broadcast_id, exc_info=True)


def upgrade(broadcast_id: str, *, settings: Settings | None = None) -> bool:
    """Build a ready programme again while its fallback parts may now be spoken by the first engine;
    True when the better programme replaced it (relays see a new checksum and fetch it)."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    with session_scope() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.state not in ("ready", "held") or broadcast.programme_id is None:
            return False
        current = session.get(Recording, broadcast.programme_id)
        local = settings_for(session, settings, broadcast.station_id)
        primary = local.engine_chain[0]
        before = voice_upgrade.fallback_parts(current.sidecar if current else {}, primary)
        if not voice_upgrade.worth_trying(before, utcnow(), broadcast.air_at, local):
            return False
        article_ids, current_key = list(broadcast.article_ids), current.audio_key if current else None
        slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
        slot_name, day = slot_title(slot), broadcast.air_date
    # Wait for the network voice as a preview would, then give the worker back; another try comes later.
    stored, result, local = _programme_audio(
        broadcast_id, article_ids, slot_name=slot_name, day=day, settings=settings, storage=storage,
        wait_until=lambda air, local: min(voice_upgrade.last_chance(air, local), deadlines.preview(utcnow(), local)))
    after = voice_upgrade.fallback_parts(stored.sidecar, primary)
    with session_scope() as session:
        broadcast = session.scalar(select(Broadcast).where(Broadcast.id == broadcast_id).with_for_update())
        assert broadcast is not None
        air = broadcast.air_at
        replace = (broadcast.state in ("ready", "held") and broadcast.article_ids == article_ids
                   and voice_upgrade.better(before, after) and utcnow() < voice_upgrade.last_chance(air, local))
        if replace:
            programme = recording.describe(Recording(), stored, result.assembled)
            session.add(programme)
            session.flush()
            broadcast.programme_id, broadcast.voice_upgraded_at = programme.id, utcnow()
            broadcast.robot_parts = robot_voice.parts(stored.sidecar, result.part_failures, first_choice=primary)
            held = broadcast.state == "held"
            broadcast.state = robot_voice.state_after_upgrade(broadcast.state, broadcast.robot_parts)
            log.info("programme %s re-published: %d of %d fallback parts now in the first voice%s",
                     broadcast_id, before - after, before,
                     "; no longer held" if held and broadcast.state == "ready" else "")
        elif stored.key != current_key:  # the same audio is named the same: that file is on air
            session.flush()
            shared_programme.discard_unused(session, storage, stored.key)
    _upgrade_later(broadcast_id, after, air, local)
    return replace


def publish_due(now: datetime) -> int:
    """Articles whose programme has gone on air become published."""
    count = 0
    with session_scope() as session:
        aired = session.scalars(select(Broadcast).where(Broadcast.state == "ready", Broadcast.air_at <= now)
                                .order_by(Broadcast.air_at))
        first_on_air: dict[str, Broadcast] = {}
        for b in aired:
            for a in b.article_ids:
                first_on_air.setdefault(a, b)
        for article in session.scalars(select(Article).where(Article.id.in_(first_on_air),
                                                             Article.status == "scheduled")):
            workflow.published(session, article, broadcast=_described(session, first_on_air[article.id]))
            count += 1
    return count


def _as_approved(session: Session, article_id: str, speak: Callable[[str], str]) -> Script:
    """The article as the approver heard it: the words of the render finished before approval, so a lexicon
    entry added after approval does not change its reading; an edit sends the article back to draft, so it
    airs only once approved again. Which voice reads a role is the station's setting, for every programme."""
    article = session.get(Article, article_id)
    assert article is not None
    # The last render finished before approval: a re-render after it (with a newer lexicon) was not heard.
    renders = select(Job).where(Job.article_id == article_id, Job.state == "done", Job.programme_id.is_not(None))
    if article.approved_at is not None:
        renders = renders.where(Job.finished_at <= article.approved_at)
    heard = session.scalar(renders.order_by(Job.finished_at.desc()).limit(1))
    if heard is not None and (heard.result or {}).get("script"):
        return Script.model_validate(heard.result["script"])
    return respeak(Script.model_validate(article.script), speak)  # rendered before renders kept their script


def _described(session: Session, broadcast: Broadcast) -> str:
    """The broadcast in the audit trail's words: commune, slot, air time, id."""
    commune = session.get(Commune, broadcast.commune_id)
    slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
    return (f"{commune.name if commune else broadcast.commune_id}, {slot.name if slot else 'emergency'} "
            f"{broadcast.air_at.isoformat(timespec='minutes')} (broadcast {broadcast.id})")


def expire(now: datetime, *, settings: Settings | None = None) -> int:
    """Delete what is past the retention, with its files: broadcasts (never one still to air, nor one a relay
    fetched in the last hour: it may still be downloading) and article renders (never an article's latest
    render, nor one a broadcast uses). Returns how many recordings went."""
    settings = settings or get_settings()
    storage = get_storage(settings)
    cutoff = now - timedelta(days=settings.retention_days)
    busy_since = now - timedelta(hours=1)
    removed = 0
    with session_scope() as session:
        for b in session.scalars(select(Broadcast).where(Broadcast.air_at < cutoff)):
            recent = session.scalar(select(Receipt).where(Receipt.broadcast_id == b.id,
                                                          Receipt.received_at >= busy_since))
            if recent is not None:
                continue
            programme = session.get(Recording, b.programme_id) if b.programme_id else None
            session.delete(b)
            if programme is not None:
                session.delete(programme)
                session.flush()
                shared_programme.discard_unused(session, storage, programme.audio_key)  # other communes' too?
            removed += 1
        session.flush()
        latest = select(Article.last_programme_id).where(Article.last_programme_id.is_not(None))
        used = select(Broadcast.programme_id).where(Broadcast.programme_id.is_not(None))
        for render in session.scalars(select(Recording).where(
                Recording.article_id.is_not(None), Recording.created_at < cutoff,
                Recording.id.not_in(latest), Recording.id.not_in(used))):
            recording.discard(storage, render.audio_key)
            session.delete(render)
            removed += 1
    return removed
