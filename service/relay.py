"""Who may fetch which recording, and what relays and feeds list: the rules of delivery in one place, for
the relay API, the feeds and the programme endpoints alike."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import Forbidden, Unauthorized, new_token, user_for_token
from service.errors import NotFound
from service.models import ApiToken, Article, Broadcast, Commune, Receipt, Recording, Slot, Station, User
from service.schedule import slot_title

FEED_ITEMS = 50  # a podcast client needs the recent programmes, not the archive
PODCAST_NS = "https://podcastindex.org/namespace/1.0"


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


def listing_etag(session: Session, commune_id: str, since: datetime | None = None) -> str:
    """The ETag of what `ready` lists, from the few columns that change it, without building the listing: a box
    that polls every minute costs one light query when nothing changed."""
    stmt = (select(Broadcast.id, Broadcast.programme_id, Broadcast.air_at, Broadcast.air_date,
                   Broadcast.emergency_article_id, Slot.name, Slot.title)
            .outerjoin(Slot, Slot.id == Broadcast.slot_id)
            .where(Broadcast.commune_id == commune_id, Broadcast.state == "ready"))
    if since is not None:
        stmt = stmt.where(Broadcast.air_at >= since)
    digest = hashlib.sha256()
    for row in session.execute(stmt.order_by(Broadcast.air_at, Broadcast.id)):
        digest.update(repr(tuple(row)).encode())
    return f'"l-{digest.hexdigest()[:40]}"'


def receipt_seen(session: Session, commune_id: str, key: str) -> bool:
    """Whether this commune's box sent a receipt with this key already."""
    return session.scalar(select(Receipt.id).where(Receipt.commune_id == commune_id, Receipt.key == key)) is not None


def recording_of(session: Session, broadcast: Broadcast) -> Recording:
    programme = session.get(Recording, broadcast.programme_id)
    if programme is None:
        raise NotFound(f"No programme {broadcast.id!r}.")
    return programme


def _delivered(session: Session, broadcast: Broadcast) -> Delivered:
    recording = recording_of(session, broadcast)
    return Delivered(broadcast.id, recording.audio_key, recording.sha256)


def broadcast_for(session: Session, user: User, broadcast_id: str) -> Delivered:
    """A broadcast's audio for a relay of its commune (once published) or for staff of its station (held too);
    others learn nothing."""
    broadcast = session.get(Broadcast, broadcast_id)
    commune = relay_commune(user) if user.role == "relay" else None
    # Staff may also hear a programme held for its robot-voice parts, to decide whether to release it.
    aired = ("ready",) if commune else ("ready", "held")
    if broadcast is None or broadcast.state not in aired or (commune and broadcast.commune_id != commune) or (
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


def episode_title(session: Session, broadcast: Broadcast) -> str:
    """A programme as listeners call it: "Bản tin sáng 27/11/2026"."""
    slot = session.get(Slot, broadcast.slot_id) if broadcast.slot_id else None
    return f"{slot_title(slot)} {broadcast.air_date.strftime('%d/%m/%Y')}"


def chapters_json(recording: Recording) -> dict[str, object]:
    """Podcasting 2.0 chapters (JSON chapters format 1.2) from the recording's sidecar."""
    chapters = recording.sidecar.get("chapters") or []
    return {"version": "1.2.0", "chapters": [
        {"startTime": c["start_s"], "endTime": c["end_s"], "title": c["title"]} for c in chapters]}


class _PodcastIndex(BaseExtension):
    """The Podcasting 2.0 namespace, for the chapters link of each episode."""

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}


class _PodcastIndexEntry(BaseEntryExtension):
    def __init__(self) -> None:
        self._chapters: str | None = None

    def chapters(self, url: str | None = None) -> str | None:
        if url is not None:
            self._chapters = url
        return self._chapters

    def extend_rss(self, item: Any) -> Any:
        if self._chapters:
            from lxml import etree

            link = etree.SubElement(item, f"{{{PODCAST_NS}}}chapters")
            link.set("url", self._chapters)
            link.set("type", "application/json+chapters")
        return item


def podcast_rss(session: Session, commune_id: str, *, base: str, secret: str) -> str:
    """RSS 2.0 with the iTunes and Podcasting 2.0 namespaces: one episode per programme, newest first, titled
    in the station's words, its guid the programme's id, its date the air time, its chapters linked."""
    commune = session.get(Commune, commune_id)
    station = session.get(Station, commune.station_id) if commune else None
    name = f"{station.name if station else 'bantin'} – {commune.name if commune else ''}"
    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.register_extension("podcastindex", _PodcastIndex, _PodcastIndexEntry)
    feed.title(name)
    feed.link(href=f"{base}/", rel="alternate")
    feed.description(f"Chương trình phát thanh của {name}")
    feed.language("vi")
    feed.podcast.itunes_author(station.name if station else "bantin")
    feed.podcast.itunes_category("News")
    feed.podcast.itunes_explicit("no")
    feed.podcast.itunes_image(f"{base}/static/cover.png")
    for b in ready(session, commune_id)[-FEED_ITEMS:]:  # feedgen lists the last added first
        recording = recording_of(session, b)
        audio = f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3"
        entry = feed.add_entry()
        entry.guid(b.id, permalink=False)
        entry.title(episode_title(session, b))
        entry.description(episode_title(session, b))
        entry.pubDate(_utc(b.air_at))
        entry.enclosure(audio, str(recording.size_bytes), "audio/mpeg")
        entry.podcast.itunes_duration(int(round(recording.duration_s)))
        entry.podcastindex.chapters(f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.chapters.json")
    # Apple's podcast spec now says "true"/"false"; feedgen still writes the older "no".
    return feed.rss_str(pretty=False).decode("utf-8").replace("<itunes:explicit>no</itunes:explicit>",
                                                              "<itunes:explicit>false</itunes:explicit>")


def playlist_m3u(session: Session, commune_id: str, *, base: str, secret: str) -> str:
    """An M3U playlist of the commune's programmes, oldest first."""
    lines = ["#EXTM3U"]
    for b in ready(session, commune_id)[-FEED_ITEMS:]:
        recording = recording_of(session, b)
        lines.append(f"#EXTINF:{int(round(recording.duration_s))},{episode_title(session, b)}")
        lines.append(f"{base}/api/v1/feeds/{secret}/programmes/{b.id}.mp3")
    return "\n".join(lines) + "\n"
