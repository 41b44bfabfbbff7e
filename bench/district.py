"""A district's morning: a station with 50 communes, four approved articles, every commune getting the same
articles. The slot build (API to 50 programmes ready) against
one programme built alone, and an emergency bulletin approved for all 50 (approve to 50 programmes ready)
against the same bulletin for one commune; each in a new installation of its own, two real workers, the
offline voice. Also the storage one morning takes, for a month of mornings and evenings."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from bench.procs import api, environment, workers
from bench.table import Row

REDIS = "redis://127.0.0.1:6379/12"
COMMUNES = 50
ARTICLES = [
    "Toàn huyện ra quân làm đường giao thông nông thôn\n\nSáng nay, các xã trong huyện đồng loạt ra quân "
    "làm đường bê tông liên thôn. Mỗi hộ đóng góp ngày công, Nhà nước hỗ trợ xi măng.",
    "Lịch tiêm chủng mở rộng tháng này\n\nTrạm y tế các xã tổ chức tiêm chủng mở rộng cho trẻ dưới năm tuổi "
    "vào ngày 15 và 16. Phụ huynh mang theo sổ tiêm chủng.",
    "Phòng chống dịch bệnh trên đàn gia súc\n\nNgành thú y khuyến cáo bà con tiêm phòng lở mồm long móng, "
    "vệ sinh chuồng trại và báo ngay cho thú y xã khi thấy gia súc ốm.",
    "Thu hoạch lúa vụ mùa\n\nĐến nay toàn huyện đã thu hoạch được hơn tám nghìn héc ta lúa mùa, năng suất "
    "bình quân đạt năm mươi hai tạ một héc ta, cao hơn vụ trước.",
]
BULLETIN = ("Thông báo khẩn về mưa lũ\n\nNước sông đang lên nhanh. Bà con vùng trũng khẩn trương di dời người "
            "và tài sản đến nơi an toàn, không đi qua ngầm tràn.")


def _accounts(communes: int) -> tuple[dict[str, str], str, list[str]]:
    """Editor and approver tokens, the station, its communes (in the current environment)."""
    from service import auth
    from service.db import session_scope

    with session_scope() as session:
        st = auth.get_or_create_station(session, "Đài truyền thanh huyện Kim Sơn")
        users = {role: auth.add_user(session, station=st, username=f"bench-{role}", role=role,
                                     password="bench-password-long-enough") for role in ("editor", "approver")}
        ids = [auth.get_or_create_commune(session, st, f"Xã {n + 1}").id for n in range(communes)]
        return {role: auth.new_token(session, u)[0] for role, u in users.items()}, st.id, ids


def _wait_job(client: httpx.Client, job_id: str) -> None:
    while (state := client.get(f"/api/v1/jobs/{job_id}").json()["state"]) not in ("done", "failed"):
        time.sleep(0.1)
    if state == "failed":
        raise RuntimeError(f"render {job_id} failed")


def _approved(client: httpx.Client, tokens: dict[str, str], text: str, *, emergency: bool = False,
              approve: bool = True) -> str:
    """An article rendered (as staff hear it before approval), submitted and approved; its id."""
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    article = client.post("/api/v1/articles", json={"text": text}, headers=editor).json()
    url = f"/api/v1/articles/{article['id']}"
    if emergency:
        client.patch(url, json={"priority": "emergency", "version": article["version"]}, headers=editor)
    _wait_job(client, client.post(f"{url}/render", headers=editor).json()["job_id"])
    client.post(f"{url}/submit", headers=editor).raise_for_status()
    if approve:
        approve_now(client, tokens, article["id"])
    return str(article["id"])


def approve_now(client: httpx.Client, tokens: dict[str, str], article_id: str) -> None:
    client.post(f"/api/v1/articles/{article_id}/approve", json={"robot_voice_ok": True},
                headers={"Authorization": f"Bearer {tokens['approver']}"}).raise_for_status()


def _ready(where: object, count: int, timeout: float = 1800) -> None:
    """Wait until `count` broadcasts matching `where` are ready (or any failed)."""
    from sqlalchemy import func, select

    from service.db import session_scope
    from service.models import Broadcast

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            states = dict(session.execute(select(Broadcast.state, func.count()).where(where)  # type: ignore[arg-type]
                                          .group_by(Broadcast.state)).all())
        if states.get("failed"):
            raise RuntimeError(f"a programme failed: {states}")
        if states.get("ready", 0) >= count:
            return
        time.sleep(0.1)
    raise TimeoutError(f"{count} programmes not ready in {timeout} s")


def _bytes_under(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def morning(communes: int) -> dict[str, float]:
    """Seconds of the slot build and of the emergency bulletin for `communes` communes, and the bytes the
    slot's programmes take in storage, in a new installation."""
    import redis

    from service.db import session_scope
    from service.models import Broadcast, Station
    from service.schedule import ensure_default_slots
    from service.settings import get_settings

    redis.Redis.from_url(REDIS).flushdb()
    with environment(BANTIN_BROKER_URL=REDIS, BANTIN_ENGINES="espeak") as data, workers(2, data), \
            api(8767, data) as base, httpx.Client(base_url=base, timeout=60) as client:
        tokens, station_id, commune_ids = _accounts(communes)
        client.headers["Authorization"] = f"Bearer {tokens['editor']}"
        for text in ARTICLES:
            _approved(client, tokens, text)
        with session_scope() as session:
            station = session.get(Station, station_id)
            slot = next(s for s in ensure_default_slots(session, station, get_settings())  # type: ignore[arg-type]
                        if s.name == "morning")
            slot_id = slot.id
        start = time.perf_counter()
        client.post(f"/api/v1/slots/{slot_id}/build").raise_for_status()  # staff's "build now": every commune
        _ready(Broadcast.slot_id == slot_id, communes)
        slot_s = time.perf_counter() - start
        stored = _bytes_under(get_settings().audio_root / "programmes")
        bulletin = _approved(client, tokens, BULLETIN, emergency=True, approve=False)
        start = time.perf_counter()
        approve_now(client, tokens, bulletin)
        _ready(Broadcast.emergency_article_id == bulletin, communes)
        emergency_s = time.perf_counter() - start
    return {"slot": slot_s, "emergency": emergency_s, "stored": stored}


def rows() -> list[Row]:
    one = morning(1)
    many = morning(COMMUNES)
    month_mb = many["stored"] * 2 * 30 / 1e6  # mornings and evenings: one file a slot when articles are shared
    return [
        Row(f"slot build, {COMMUNES} communes, 4 articles each", many["slot"], "one programme built alone",
            one["slot"], "s", "ratio <= 2"),
        Row(f"emergency bulletin approved for {COMMUNES} communes", many["emergency"], "the bulletin for 1 commune",
            one["emergency"], "s", "ratio <= 3"),
        Row(f"storage, a month of 2 slots for {COMMUNES} communes", month_mb, "one file per commune",
            one["stored"] * COMMUNES * 2 * 30 / 1e6, "MB", "identical audio once"),
    ]


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
