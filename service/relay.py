"""Who may fetch which recording, and what relays and feeds list: the rules of delivery in one place, for
the relay API, the feeds and the programme endpoints alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import Forbidden, Unauthorized, new_token, user_for_token
from service.errors import NotFound
from service.models import ApiToken, Article, Broadcast, Commune, Recording, Slot, User

FEED_ITEMS = 50  # a podcast client needs the recent programmes, not the archive


@dataclass(frozen=True)
class Delivered:
    """What a download needs: the broadcast it is, the stored file, and its checksum."""

    broadcast_id: str
    audio_key: str
    sha256: str


def relay_commune(user: User) -> str:
    """The commune a relay account serves; any other account is refused."""
    if user.role != "relay" or not user.commune_id:
        raise Forbidden("Chỉ trạm tiếp sóng của xã dùng được địa chỉ này (relay tokens only).")
    return user.commune_id


def slot_name(session: Session, broadcast: Broadcast) -> str:
    slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
    return slot.name if slot else "emergency"


def ready(session: Session, commune_id: str, since: datetime | None = None) -> list[Broadcast]:
    """A commune's broadcasts that are built, oldest first (air time at or after `since`)."""
    stmt = select(Broadcast).where(Broadcast.commune_id == commune_id, Broadcast.state == "ready")
    if since is not None:
        stmt = stmt.where(Broadcast.air_at >= since)
    return list(session.scalars(stmt.order_by(Broadcast.air_at)))


def recording_of(session: Session, broadcast: Broadcast) -> Recording:
    programme = session.get(Recording, broadcast.programme_id)
    if programme is None:
        raise NotFound(f"No programme {broadcast.id!r}.")
    return programme


def _delivered(session: Session, broadcast: Broadcast) -> Delivered:
    recording = recording_of(session, broadcast)
    return Delivered(broadcast.id, recording.audio_key, recording.sha256)


def broadcast_for(session: Session, user: User, broadcast_id: str) -> Delivered:
    """A broadcast's audio for a relay of its commune or for staff of its station; others learn nothing."""
    broadcast = session.get(Broadcast, broadcast_id)
    commune = relay_commune(user) if user.role == "relay" else None
    if broadcast is None or broadcast.state != "ready" or (commune and broadcast.commune_id != commune) or (
            user.role != "relay" and broadcast.station_id != user.station_id):
        raise NotFound(f"No programme {broadcast_id!r}.")
    return _delivered(session, broadcast)


def feed_commune(session: Session, secret: str) -> str:
    """The commune whose feed a secret opens (an unknown or rotated secret is simply not found)."""
    try:
        user, _ = user_for_token(session, secret, kinds=("feed",))
    except Unauthorized as exc:
        raise NotFound("No such feed.") from exc
    if user.role != "relay" or not user.commune_id:
        raise NotFound("No such feed.")
    return user.commune_id


def broadcast_in_feed(session: Session, secret: str, broadcast_id: str) -> Delivered:
    commune_id = feed_commune(session, secret)
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.state != "ready" or broadcast.commune_id != commune_id:
        raise NotFound(f"No programme {broadcast_id!r}.")
    return _delivered(session, broadcast)


def rotate_feed_secret(session: Session, relay: User) -> str:
    """A new feed secret for a relay; the old feed URLs stop working."""
    for old in session.scalars(select(ApiToken).where(ApiToken.user_id == relay.id, ApiToken.kind == "feed")):
        session.delete(old)
    secret, _ = new_token(session, relay, kind="feed", name="feed")
    return secret


def programme_for(session: Session, programme_id: str, user: User) -> Recording:
    """Staff of the owning station; a relay only for an approved article that targets its commune, or for
    its own commune's programme of a slot."""
    programme = session.get(Recording, programme_id)
    if programme is None:
        raise NotFound(f"No programme with id {programme_id!r}.")
    if programme.article_id is None:  # a commune's programme for a slot, or an emergency bulletin
        broadcast = session.scalar(select(Broadcast).where(Broadcast.programme_id == programme.id))
        if broadcast is None or broadcast.station_id != user.station_id or (
                user.role == "relay" and (broadcast.commune_id != user.commune_id or broadcast.state != "ready")):
            raise NotFound(f"No programme with id {programme_id!r}.")
        return programme
    article = session.get(Article, programme.article_id)
    if article is None or article.station_id != user.station_id:
        raise NotFound(f"No programme with id {programme_id!r}.")
    if user.role == "relay":
        on_air = article.status in ("approved", "scheduled", "published")
        targeted = article.targets is None or user.commune_id in article.targets
        if not (on_air and targeted and article.last_programme_id == programme.id):
            raise NotFound(f"No programme with id {programme_id!r}.")
    return programme


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def podcast_rss(session: Session, commune_id: str, *, base: str, secret: str) -> str:
    """RSS 2.0 with one enclosure per programme, newest first."""
    commune = session.get(Commune, commune_id)
    items = []
    for b in reversed(ready(session, commune_id)[-FEED_ITEMS:]):
        recording = recording_of(session, b)
        url = f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3"
        items.append(
            f"<item><title>{escape(slot_name(session, b))} {b.air_date.isoformat()}</title>"
            f"<guid isPermaLink=\"false\">{b.id}</guid><pubDate>{format_datetime(_utc(b.air_at))}</pubDate>"
            f"<enclosure url=\"{escape(url)}\" length=\"{recording.size_bytes}\" type=\"audio/mpeg\"/>"
            f"<itunes:duration>{int(recording.duration_s)}</itunes:duration></item>")
    title = escape(f"bantin – {commune.name if commune else ''}")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            f"<title>{title}</title><link>{escape(base)}/</link><language>vi</language>"
            f"<description>{title}</description>{''.join(items)}</channel></rss>")


def playlist_m3u(session: Session, commune_id: str, *, base: str, secret: str) -> str:
    """An M3U playlist of the commune's programmes, oldest first."""
    lines = ["#EXTM3U"]
    for b in ready(session, commune_id)[-FEED_ITEMS:]:
        recording = recording_of(session, b)
        lines.append(f"#EXTINF:{int(recording.duration_s)},{slot_name(session, b)} {b.air_date.isoformat()}")
        lines.append(f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3")
    return "\n".join(lines) + "\n"
