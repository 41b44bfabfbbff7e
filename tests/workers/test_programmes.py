"""Slot programmes per commune, built once, and delivered to relays (resumable, verifiable, receipts)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.audio import decoded_seconds
from tests.conftest import Accounts


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def approved(client: TestClient, accounts: Accounts, text: str, *, priority: str = "normal",
             targets: list[str] | None = None) -> str:
    from workers import render_job

    editor, approver = accounts.headers("editor"), accounts.headers("approver")
    article = client.post("/api/v1/articles", json={"text": text}, headers=editor).json()
    url = f"/api/v1/articles/{article['id']}"
    if priority != "normal" or targets:
        client.patch(url, json={"priority": priority, "version": article["version"],
                                **({"targets": targets} if targets else {})}, headers=editor)
    render_job.run(client.post(f"{url}/render", headers=editor).json()["job_id"])
    client.post(f"{url}/submit", headers=editor)
    assert client.post(f"{url}/approve", headers=approver).json()["status"] == "approved"
    return str(article["id"])


def morning(accounts: Accounts):  # type: ignore[no-untyped-def]
    from service.db import session_scope
    from service.models import Slot, Station
    from service.schedule import ensure_default_slots
    from service.settings import get_settings

    with session_scope() as session:
        station = session.get(Station, accounts.station_id)
        ensure_default_slots(session, station, get_settings())  # type: ignore[arg-type]
        return session.scalar(select(Slot).where(Slot.station_id == accounts.station_id, Slot.name == "morning"))


def test_due_inside_the_lead_time_only(accounts: Accounts) -> None:
    from service.schedule import due

    slot = morning(accounts)
    local = "Asia/Ho_Chi_Minh"
    assert due(slot, datetime(2026, 11, 26, 22, 40, tzinfo=UTC), local).isoformat() == "2026-11-27"  # 05:40 +07
    assert due(slot, datetime(2026, 11, 26, 23, 10, tzinfo=UTC), local) is None  # 06:10, aired
    assert due(slot, datetime(2026, 11, 26, 20, 0, tzinfo=UTC), local) is None  # 03:00, too early


def test_each_commune_gets_its_programme_once_in_priority_order(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from service.settings import get_settings
    from workers import broadcast_job

    an_hoa, yen_loc = accounts.communes["Ân Hòa"], accounts.communes["Yên Lộc"]
    first = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")
    urgent = approved(client, accounts, "Tin Ân Hòa\n\nXã Ân Hòa lịch tiêm chủng ngày 15/6.",
                      priority="priority", targets=[an_hoa])
    slot = morning(accounts)
    now = datetime(2026, 11, 26, 22, 45, tzinfo=UTC)
    builds = broadcast_job.due_builds(now)
    assert sorted(b[3] for b in builds) == sorted([an_hoa, yen_loc])
    # Two builders at once (two beat processes, a retried task): one programme per commune and slot.
    results: list[str | None] = []
    threads = [threading.Thread(target=lambda a=args: results.append(broadcast_job.build(*a)))
               for args in builds for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r is None for r in results) == [False, False, True, True]
    assert broadcast_job.due_builds(now) == []
    with session_scope() as session:
        rows = {b.commune_id: b for b in session.scalars(select(Broadcast).where(Broadcast.slot_id == slot.id))}
        assert set(rows) == {an_hoa, yen_loc}
        assert rows[an_hoa].article_ids == [urgent, first]  # priority first, then approval time
        assert rows[yen_loc].article_ids == [first]
        programme = session.get(Recording, rows[an_hoa].programme_id)
        mp3 = get_settings().audio_root / programme.audio_key
        assert decoded_seconds(mp3) == pytest.approx(programme.duration_s, rel=0.01)
        kinds = [t["kind"] for t in programme.sidecar["segments"]]
        assert kinds[:3] == ["jingle", "ident", "speech"] and kinds.count("jingle") == 3  # intro, stinger, outro
    assert broadcast_job.publish_due(now) == 0
    assert broadcast_job.publish_due(now + timedelta(hours=1)) == 2
    assert client.get(f"/api/v1/articles/{first}", headers=accounts.headers("editor")).json()["status"] == "published"


def test_what_does_not_fit_waits(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Slot
    from workers import broadcast_job

    ids = [approved(client, accounts, f"Tin số {n}\n\n" + "Nội dung bản tin khá dài của xã. " * 12)
           for n in range(3)]
    slot = morning(accounts)
    with session_scope() as session:
        session.get(Slot, slot.id).max_minutes = 1  # type: ignore[union-attr]
    broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", accounts.communes["Yên Lộc"])
    with session_scope() as session:
        row = session.scalar(select(Broadcast).where(Broadcast.slot_id == slot.id))
        assert row.article_ids and row.deferred_ids  # type: ignore[union-attr]
        assert sorted(row.article_ids + row.deferred_ids) == sorted(ids)  # type: ignore[union-attr]


def test_relay_delivery(client: TestClient, accounts: Accounts) -> None:
    from workers import broadcast_job

    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")
    slot = morning(accounts)
    broadcast = broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", accounts.communes["Ân Hòa"])
    relay, other = accounts.headers("relay"), accounts.headers("relay_other")
    listed = client.get("/api/v1/relay/programmes", headers=relay).json()
    assert [p["id"] for p in listed] == [broadcast]
    latest = client.get("/api/v1/relay/programmes/latest", headers=relay).json()
    full = client.get(latest["url"], headers=relay)
    assert full.status_code == 200 and len(full.content) == latest["size_bytes"]
    assert hashlib.sha256(full.content).hexdigest() == latest["sha256"] == full.headers["x-content-sha256"]
    assert client.get(latest["url"], headers={**relay, "If-None-Match": full.headers["etag"]}).status_code == 304
    part = client.get(latest["url"], headers={**relay, "Range": "bytes=1000-"})
    assert part.status_code == 206 and part.content == full.content[1000:]
    assert client.get(latest["url"], headers=other).status_code == 404
    assert client.get("/api/v1/relay/programmes/latest", headers=other).status_code == 404
    assert client.get("/api/v1/relay/programmes", headers=accounts.headers("editor")).status_code == 403
    assert client.post("/api/v1/relay/receipts", json={"programme_id": broadcast, "kind": "downloaded"},
                       headers=relay).status_code == 201
    view = client.get("/api/v1/broadcasts", headers=accounts.headers("editor")).json()
    assert [(b["commune"], b["downloaded"], b["played"]) for b in view] == [("Ân Hòa", True, False)]
    # Staff see the same on the page.
    from tests.conftest import PASSWORD

    client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    page = client.get("/chuong-trinh").text
    row = page.split("<td>Ân Hòa</td>", 1)[1].split("</tr>", 1)[0]
    assert "Sẵn sàng" in row and "<td>Có</td><td>Chưa</td>" in row


def test_feeds_with_a_rotatable_secret(client: TestClient, accounts: Accounts) -> None:
    import xml.etree.ElementTree as ET

    from workers import broadcast_job

    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")
    slot = morning(accounts)
    broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", accounts.communes["Ân Hòa"])
    feed = client.post("/api/v1/relay/feed-secret", headers=accounts.headers("relay")).json()
    rss = client.get(feed["rss"])
    assert rss.status_code == 200 and rss.headers["content-type"].startswith("application/rss+xml")
    enclosure = ET.fromstring(rss.content).find("channel/item/enclosure")
    assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
    audio = client.get(enclosure.get("url", ""))
    assert audio.status_code == 200 and len(audio.content) == int(enclosure.get("length", "0"))
    m3u = client.get(feed["m3u"]).text.splitlines()
    assert m3u[0] == "#EXTM3U" and m3u[2] == enclosure.get("url")
    # The secret opens only the feed, and a rotated secret closes the old URLs.
    assert client.get("/api/v1/relay/programmes", headers={"Authorization": f"Bearer {feed['secret']}"}
                      ).status_code == 401
    newer = client.post("/api/v1/relay/feed-secret", headers=accounts.headers("relay")).json()
    assert client.get(feed["rss"]).status_code == 404 and client.get(newer["rss"]).status_code == 200


def test_slots_are_editable_and_retention_keeps_what_matters(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Receipt
    from workers import broadcast_job

    slots = client.get("/api/v1/slots", headers=accounts.headers("editor")).json()
    assert [(s["name"], s["air_time"]) for s in slots] == [("morning", "06:00"), ("evening", "17:00")]
    changed = client.patch(f"/api/v1/slots/{slots[0]['id']}", json={"air_time": "05:30", "max_minutes": 20},
                           headers=accounts.headers("editor"))
    assert changed.json()["air_time"] == "05:30"
    assert client.patch(f"/api/v1/slots/{slots[0]['id']}", json={"air_time": "25:00"},
                        headers=accounts.headers("editor")).status_code == 422
    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")
    old = broadcast_job.build(accounts.station_id, slots[0]["id"], "2026-01-05", accounts.communes["Ân Hòa"])
    fetched = broadcast_job.build(accounts.station_id, slots[0]["id"], "2026-01-05", accounts.communes["Yên Lộc"])
    with session_scope() as session:
        session.add(Receipt(broadcast_id=fetched, commune_id=accounts.communes["Yên Lộc"], kind="downloaded",
                            at=datetime.now(UTC)))
    assert broadcast_job.expire(datetime.now(UTC)) == 1
    with session_scope() as session:
        assert session.get(Broadcast, old) is None and session.get(Broadcast, fetched) is not None


def test_a_notice_airs_as_often_as_it_asks(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Slot, Station
    from service.schedule import ensure_default_slots
    from service.settings import get_settings
    from workers import broadcast_job

    notice = approved(client, accounts, "THÔNG BÁO\nVề việc tạm ngừng cấp nước\n\nXã tạm ngừng cấp nước ngày "
                      "15/6 để sửa đường ống chính qua thôn Đông.\n\nĐề nghị Đài truyền thanh xã phát thông báo này "
                      "02 lần/ngày.")
    news = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    script = client.get(f"/api/v1/articles/{notice}", headers=accounts.headers("editor")).json()["script"]
    assert script["repeat"] == 2
    assert not any("Đài truyền thanh xã phát" in s["text"] for s in script["segments"])
    yen_loc = accounts.communes["Yên Lộc"]
    with session_scope() as session:
        station = session.get(Station, accounts.station_id)
        slots = {s.name: s.id for s in ensure_default_slots(session, station, get_settings())}  # type: ignore[arg-type]
    for name in ("morning", "evening"):
        broadcast_job.build(accounts.station_id, slots[name], "2026-11-27", yen_loc)
    broadcast_job.build(accounts.station_id, slots["morning"], "2026-11-28", yen_loc)
    with session_scope() as session:
        rows = {(b.slot_id, b.air_date.isoformat()): b.article_ids for b in session.scalars(
            select(Broadcast).where(Broadcast.commune_id == yen_loc))}
        names = {s.id: s.name for s in session.scalars(select(Slot))}
    by_slot = {(names[slot], day): ids for (slot, day), ids in rows.items()}
    assert set(by_slot[("morning", "2026-11-27")]) == {notice, news}
    assert by_slot[("evening", "2026-11-27")] == [notice]  # the news went out once; the notice asked for twice
    assert not by_slot.get(("morning", "2026-11-28"))


def test_every_status_change_leaves_one_audit_row(client: TestClient, accounts: Accounts) -> None:
    from workers import broadcast_job

    article = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    now = datetime(2026, 11, 26, 22, 45, tzinfo=UTC)  # 05:45 in Vietnam: the morning slot is due
    for build in broadcast_job.due_builds(now):  # what beat sends, one build per commune
        broadcast_job.build(*build)
    assert broadcast_job.publish_due(now + timedelta(hours=1)) == 1
    trail = client.get(f"/api/v1/articles/{article}/audit", headers=accounts.headers("approver")).json()
    steps = [(e["action"], e["username"], e["from_status"], e["to_status"]) for e in trail]
    assert steps == [("create", "editor", "draft", "draft"), ("render", "system", "draft", "rendered"),
                     ("submit", "editor", "rendered", "submitted"), ("approve", "approver", "submitted", "approved"),
                     ("schedule", "system", "approved", "scheduled"), ("publish", "system", "scheduled", "published")]
    schedule, publish = trail[4]["note"], trail[5]["note"]
    assert "morning" in schedule and "broadcast" in schedule  # which programme took it, for the trail
    assert "broadcast" in publish


def test_article_renders_past_retention_go_except_the_latest(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Article, Broadcast, Recording
    from service.settings import get_settings
    from service.storage import get_storage
    from workers import broadcast_job, render_job
    from workers.recording import sidecar_key

    editor = accounts.headers("editor")
    article = client.post("/api/v1/articles", json={"text": "Tin chung\n\nToàn huyện ra quân làm đường."},
                          headers=editor).json()["id"]
    for _ in range(2):  # rendered, then rendered again after a look: two recordings of one article
        render_job.run(client.post(f"/api/v1/articles/{article}/render", headers=editor).json()["job_id"])
    client.post(f"/api/v1/articles/{article}/submit", headers=editor)
    client.post(f"/api/v1/articles/{article}/approve", headers=accounts.headers("approver"))
    broadcast = broadcast_job.build(accounts.station_id, morning(accounts).id, "2026-11-27",
                                    accounts.communes["Ân Hòa"])
    storage = get_storage(get_settings())
    long_ago = datetime.now(UTC) - timedelta(days=get_settings().retention_days + 5)
    with session_scope() as session:
        renders = list(session.scalars(select(Recording).where(Recording.article_id == article)
                                       .order_by(Recording.created_at)))
        assert len(renders) == 2
        latest = session.get(Article, article).last_programme_id  # type: ignore[union-attr]
        assert latest == renders[1].id
        on_air = session.get(Broadcast, broadcast).programme_id  # type: ignore[union-attr]
        files = {r.id: r.audio_key for r in renders} | {on_air: session.get(Recording, on_air).audio_key}  # type: ignore[union-attr]
        for row in session.scalars(select(Recording)):
            row.created_at = long_ago  # every recording is old; the broadcast airs tomorrow
    assert all(storage.exists(key) and storage.exists(sidecar_key(key)) for key in files.values())
    assert broadcast_job.expire(datetime.now(UTC)) == 1
    with session_scope() as session:
        kept = {r.id for r in session.scalars(select(Recording))}
    assert kept == {latest, on_air}
    gone = files[renders[0].id]
    assert not storage.exists(gone) and not storage.exists(sidecar_key(gone))
    assert all(storage.exists(files[k]) and storage.exists(sidecar_key(files[k])) for k in kept)


def test_feed_in_the_station_words_with_chapters(client: TestClient, accounts: Accounts) -> None:
    import feedparser
    from mutagen.id3 import ID3

    from service.settings import get_settings
    from workers import broadcast_job

    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    approved(client, accounts, "Lịch tiêm chủng\n\nTrạm y tế xã tiêm chủng mở rộng ngày 15/6 tại nhà văn hóa.")
    slot = morning(accounts)
    renamed = client.patch(f"/api/v1/slots/{slot.id}", json={"title": "Bản tin buổi sáng"},
                           headers=accounts.headers("editor")).json()
    assert renamed["name"] == "morning" and renamed["title"] == "Bản tin buổi sáng"  # the id stays
    broadcast = broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", accounts.communes["Ân Hòa"])
    listed = client.get("/api/v1/relay/programmes", headers=accounts.headers("relay")).json()
    assert [(p["slot"], p["title"]) for p in listed] == [("morning", "Bản tin buổi sáng 27/11/2026")]

    feed = client.post("/api/v1/relay/feed-secret", headers=accounts.headers("relay")).json()
    rss = client.get(feed["rss"]).content
    parsed = feedparser.parse(rss)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.language == "vi" and parsed.feed.author == "Đài truyền thanh huyện Kim Sơn"
    assert b"<itunes:explicit>false</itunes:explicit>" in rss and parsed.feed.image.href.endswith("/static/cover.png")
    assert client.get(parsed.feed.image.href).status_code == 200
    entry = parsed.entries[0]
    assert entry.title == "Bản tin buổi sáng 27/11/2026" and entry.id == broadcast
    assert entry.published_parsed[:3] == (2026, 11, 26)  # 06:00 in Vietnam is 23:00 UTC the day before
    assert int(entry.itunes_duration) > 0
    chapters_url = entry["podcast_chapters"]["url"]
    chapters = client.get(chapters_url).json()["chapters"]
    assert [c["title"] for c in chapters] == ["Tin chung", "Lịch tiêm chủng"]
    m3u = client.get(feed["m3u"]).text.splitlines()
    assert m3u[1].endswith(",Bản tin buổi sáng 27/11/2026")
    # The chapters of the feed are the chapters of the file: read back with mutagen and ffmpeg.
    audio = client.get(entry.enclosures[0]["href"])
    mp3 = get_settings().audio_root / "check.mp3"
    mp3.write_bytes(audio.content)
    tag = ID3(mp3)
    chaps = sorted(tag.getall("CHAP"), key=lambda c: c.start_time)
    assert [(c.sub_frames["TIT2"].text[0], c.start_time / 1000) for c in chaps] == [
        (c["title"], pytest.approx(c["startTime"], abs=0.002)) for c in chapters]
    from workers.audio import ffmpeg

    tags = ffmpeg.metadata(mp3)
    # No commune in the file: communes with the same articles share it; the feed is the commune's own.
    assert tags["title"] == "Bản tin buổi sáng 27/11/2026" and "buổi sáng" in tags["album"]
    assert "communes" not in tags


def _programme_files() -> list[str]:
    from service.settings import get_settings

    return sorted(p.name for p in (get_settings().audio_root / "programmes").glob("broadcast-*.mp3"))


def _age_part_cache() -> dict[str, float]:
    """Every levelled part's modification time, set an hour back (a part taken from the cache is touched)."""
    import os

    from service.settings import get_settings

    ages = {}
    for path in (get_settings().audio_root / "parts").rglob("*.mp3"):
        old = path.stat().st_mtime - 3600
        os.utime(path, (old, old))
        ages[str(path)] = path.stat().st_mtime
    return ages


def test_communes_with_the_same_articles_share_one_programme(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from service.settings import get_settings
    from workers import broadcast_job

    an_hoa, yen_loc = accounts.communes["Ân Hòa"], accounts.communes["Yên Lộc"]
    approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    slot = morning(accounts)
    first = broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", an_hoa)
    ages = _age_part_cache()
    second = broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", yen_loc)
    # The second commune's programme was not assembled again: no levelled part was even looked at.
    assert {p: os.stat(p).st_mtime for p in ages} == ages
    assert len(_programme_files()) == 1
    with session_scope() as session:
        rows = {b.commune_id: b for b in session.scalars(select(Broadcast).where(Broadcast.slot_id == slot.id))}
        assert {rows[an_hoa].id, rows[yen_loc].id} == {first, second}
        assert rows[an_hoa].state == rows[yen_loc].state == "ready"
        one, two = (session.get(Recording, rows[c].programme_id) for c in (an_hoa, yen_loc))
        assert one is not None and two is not None and one.id != two.id  # each broadcast has its own row
        assert (one.audio_key, one.sha256) == (two.audio_key, two.sha256)
        audio_key = one.audio_key
    # Each relay is listed its own commune's broadcast, and gets the shared file with the right checksum.
    for relay, broadcast in (("relay", first), ("relay_other", second)):
        listed = client.get("/api/v1/relay/programmes", headers=accounts.headers(relay)).json()
        assert [p["id"] for p in listed] == [broadcast]
        audio = client.get(listed[0]["url"], headers=accounts.headers(relay))
        assert hashlib.sha256(audio.content).hexdigest() == listed[0]["sha256"]
    # The file goes with the last broadcast that names it, not the first.
    mp3 = get_settings().audio_root / audio_key
    with session_scope() as session:
        for b in session.scalars(select(Broadcast).where(Broadcast.slot_id == slot.id)):
            b.air_at = datetime(2020, 1, 1, tzinfo=UTC) if b.commune_id == an_hoa else b.air_at
    assert broadcast_job.expire(datetime.now(UTC)) == 1
    assert mp3.exists()
    with session_scope() as session:
        session.scalar(select(Broadcast).where(Broadcast.commune_id == yen_loc)).air_at = datetime(  # type: ignore[union-attr]
            2020, 1, 1, tzinfo=UTC)
    assert broadcast_job.expire(datetime.now(UTC)) == 1
    assert not mp3.exists()


def test_an_emergency_bulletin_for_every_commune_is_built_once(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from workers import broadcast_job

    article = approved(client, accounts, "Thông báo khẩn\n\nNước sông lên nhanh, bà con vùng trũng di dời ngay.")
    built = broadcast_job.build_emergency(article)
    assert len(built) == 2 and len(_programme_files()) == 1
    with session_scope() as session:
        rows = list(session.scalars(select(Broadcast).where(Broadcast.emergency_article_id == article)))
        assert sorted(b.commune_id for b in rows) == sorted(accounts.communes.values())
        keys = {session.get(Recording, b.programme_id).audio_key for b in rows}  # type: ignore[union-attr]
        assert len(keys) == 1


def test_a_slot_build_makes_each_different_programme_once(client: TestClient, accounts: Accounts) -> None:
    from service.db import session_scope
    from service.models import Broadcast, Recording
    from workers import broadcast_job

    an_hoa, yen_loc = accounts.communes["Ân Hòa"], accounts.communes["Yên Lộc"]
    general = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    own = approved(client, accounts, "Tin Ân Hòa\n\nXã Ân Hòa lịch tiêm chủng ngày 15/6.", targets=[an_hoa])
    slot = morning(accounts)
    built = broadcast_job.build_slot(accounts.station_id, slot.id, "2026-11-27", [an_hoa, yen_loc])
    assert len(built) == 2 and len(_programme_files()) == 2  # Ân Hòa has an article more: two programmes
    assert broadcast_job.build_slot(accounts.station_id, slot.id, "2026-11-27", [an_hoa, yen_loc]) == []
    with session_scope() as session:
        rows = {b.commune_id: b for b in session.scalars(select(Broadcast).where(Broadcast.slot_id == slot.id))}
        assert rows[an_hoa].article_ids == [general, own] and rows[yen_loc].article_ids == [general]
        keys = {c: session.get(Recording, rows[c].programme_id).audio_key for c in rows}  # type: ignore[union-attr]
        assert keys[an_hoa] != keys[yen_loc]
