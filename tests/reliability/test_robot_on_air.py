"""No robot on air by surprise, on a running deployment (API, beat, real Celery workers, Redis): Google's
voice cannot be reached, so only espeak-ng speaks the slot's programmes. Under "warn" relays get them, marked;
under "hold" relays do not see them until an approver releases one."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import Accounts, Processes, free_port
from tests.reliability.flows import start_deployment, wait_job

ARTICLE = "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn trong tuần này."


def _broadcasts(base: str, auth: dict[str, str], timeout: float = 240) -> list[dict]:
    deadline = time.monotonic() + timeout
    rows: list[dict] = []
    while time.monotonic() < deadline:
        rows = httpx.get(f"{base}/api/v1/broadcasts", timeout=10, headers=auth).json()
        if len(rows) == 2 and all(r["state"] not in ("building",) for r in rows):
            return rows
        time.sleep(0.3)
    raise AssertionError(f"the slot's programmes were not built: {rows}")


def _relay_ids(base: str, accounts: Accounts) -> list[str]:
    answer = httpx.get(f"{base}/api/v1/relay/programmes", timeout=10, headers=accounts.headers("relay"))
    assert answer.status_code == 200, answer.text
    return [p["id"] for p in answer.json()]


@pytest.mark.slow
@pytest.mark.parametrize("policy", ["warn", "hold"])
def test_robot_voice_programmes_under_each_policy(policy: str, processes: Processes, redis_url: str,
                                                  accounts: Accounts) -> None:
    base = start_deployment(processes, redis_url, {
        "BANTIN_ENGINES": "gtts,espeak", "BANTIN_GTTS_BASE_URL": f"http://127.0.0.1:{free_port()}",  # no Google
        "BANTIN_GTTS_MAX_ATTEMPTS": "2"})
    processes.worker(concurrency=2)
    admin, editor, approver = (accounts.headers(r) for r in ("admin", "editor", "approver"))
    assert httpx.patch(f"{base}/api/v1/station", json={"robot_voice_policy": policy}, timeout=10,
                       headers=admin).json()["robot_voice_policy"] == policy
    article = httpx.post(f"{base}/api/v1/articles", json={"text": ARTICLE}, timeout=30, headers=editor).json()
    url = f"{base}/api/v1/articles/{article['id']}"
    job = wait_job(base, httpx.post(f"{url}/render", timeout=30, headers=editor).json()["job_id"], editor)
    assert job["state"] == "done" and job["engines"] == {"espeak": job["engines"]["espeak"]}, job
    assert httpx.post(f"{url}/submit", timeout=10, headers=editor).status_code == 200
    # The approver heard the robot voice and said so; the slot's programme is a separate decision.
    approved = httpx.post(f"{url}/approve", json={"robot_voice_ok": True}, timeout=10, headers=approver)
    assert approved.status_code == 200, approved.text
    slot = next(s for s in httpx.get(f"{base}/api/v1/slots", timeout=10, headers=editor).json()
                if s["name"] == "morning")
    assert httpx.post(f"{base}/api/v1/slots/{slot['id']}/build", timeout=10, headers=editor).status_code == 202
    rows = {r["commune"]: r for r in _broadcasts(base, editor)}
    mine = rows["Ân Hòa"]
    assert mine["robot_parts"] and all(p["engine"] == "espeak" and p["reason"].startswith("gtts:")
                                       for p in mine["robot_parts"]), mine
    metrics = httpx.get(f"{base}/metrics", timeout=10).text
    if policy == "warn":
        assert [r["state"] for r in rows.values()] == ["ready", "ready"]
        assert mine["id"] in _relay_ids(base, accounts)
        assert "bantin_programmes_held 0.0" in metrics
        return
    assert [r["state"] for r in rows.values()] == ["held", "held"]
    assert mine["id"] not in _relay_ids(base, accounts)
    assert "bantin_programmes_held 2.0" in metrics
    released = httpx.post(f"{base}/api/v1/broadcasts/{mine['id']}/release", timeout=10, headers=approver)
    assert released.status_code == 200 and released.json()["state"] == "ready", released.text
    assert mine["id"] in _relay_ids(base, accounts)
    assert "bantin_programmes_held 1.0" in httpx.get(f"{base}/metrics", timeout=10).text
    trail = httpx.get(f"{url}/audit", timeout=10, headers=editor).json()
    assert any(e["action"] == "release robot voice" and "phát dù giọng máy" in (e["note"] or "") for e in trail)
