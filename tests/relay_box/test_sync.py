"""`bantin-relay sync` against the real API, through a proxy that cuts, corrupts and counts."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Accounts, Processes
from tests.relay_box import box
from tests.relay_box.proxy import Fault, Proxy
from tests.reliability import flows


@pytest.fixture
def api(processes: Processes, accounts: Accounts) -> Iterator[Proxy]:
    """The API behind the faulty proxy; the box talks to the proxy."""
    base = processes.api()
    proxy = Proxy(int(base.rsplit(":", 1)[1]))
    yield proxy
    proxy.close()


def test_first_sync_then_nothing_new(api: Proxy, accounts: Accounts, tmp_path: Path) -> None:
    home = tmp_path / "box"
    for token in ("not-a-token", accounts.tokens["editor"]):  # a wrong token, and one that is not a relay's
        code, refused = box.report(home, "init", "--server", api.url, "--token", token)
        assert code == 1 and not refused["ok"] and ("401" in refused["error"] or "403" in refused["error"])
    checked = box.init(home, api.url, accounts.tokens["relay"])
    assert checked["programmes"] == 0
    assert (home / "token").stat().st_mode & 0o777 == 0o600
    one = box.publish(accounts, tmp_path, air_in_s=3600)
    two = box.publish(accounts, tmp_path, air_in_s=7200, seconds=30)
    box.publish(accounts, tmp_path, air_in_s=3600, commune="Yên Lộc")  # another commune's: never fetched

    code, first = box.report(home, "sync")
    assert code == 0 and first["ok"], first
    assert sorted(first["fetched"]) == sorted(first["verified"]) == sorted([one["id"], two["id"]])
    assert first["resumed"] == first["deleted"] == [] and first["receipts_queued"] == 0
    for p in (one, two):
        assert box.sha256(home / "programmes" / f"{p['id']}.mp3") == p["sha256"]
    assert sorted((b, k) for b, k, _ in box.receipts()) == sorted([(one["id"], "downloaded"),
                                                                     (two["id"], "downloaded")])

    before = len(api.exchanges)
    code, again = box.report(home, "sync")
    assert code == 0 and again["not_modified"] and again["fetched"] == [], again
    polled = api.exchanges[before:]
    assert len(polled) == 1 and "If-None-Match" in polled[0].request
    assert polled[0].request.startswith("GET /api/v1/relay/programmes")
    assert polled[0].answered < 600  # a 304: headers only, no listing

    three = box.publish(accounts, tmp_path, air_in_s=10800)  # something new: the ETag changes
    code, news = box.report(home, "sync")
    assert code == 0 and not news["not_modified"] and news["fetched"] == [three["id"]]

    code, status = box.report(home, "status")
    assert code == 0
    assert status["next_programme"]["id"] == one["id"] and status["next_programme"]["on_disk"]
    assert status["programmes_on_disk"] == 3 and status["disk_bytes"] == one["size"] + two["size"] + three["size"]
    # Same clock on both ends: within the Date header's one-second steps and half a slow round trip
    assert status["queued_receipts"] == 0 and abs(status["clock_offset_s"]) <= 5
    assert status["warnings"] == []


def test_a_cut_mid_file_is_resumed_and_verified(api: Proxy, accounts: Accounts, tmp_path: Path) -> None:
    home = tmp_path / "box"
    box.init(home, api.url, accounts.tokens["relay"])
    programme = box.publish(accounts, tmp_path, air_in_s=600, seconds=60)
    api.faults.append(Fault("/audio", cut_after=programme["size"] // 2))

    code, cut = box.report(home, "sync")
    assert code == 1 and not cut["ok"] and cut["fetched"] == [] and "cut" in cut["error"], cut
    part = home / "programmes" / f"{programme['id']}.mp3.part"
    assert 0 < part.stat().st_size < programme["size"]
    assert box.receipts() == []  # nothing is reported downloaded before it is whole

    had = part.stat().st_size

    code, resumed = box.report(home, "sync")
    assert code == 0 and resumed["resumed"] == resumed["verified"] == [programme["id"]], resumed
    asked = [e for e in api.exchanges if "/audio" in e.request.split("\r\n", 1)[0]]
    assert len(asked) == 2 and f"range: bytes={had}-" in asked[-1].request.lower()
    assert asked[-1].answered < programme["size"] - had + 1000  # only the missing part travelled again
    assert box.sha256(home / "programmes" / f"{programme['id']}.mp3") == programme["sha256"]
    assert box.leftovers(home) == []
    assert [k for _, k, _ in box.receipts()] == ["downloaded"]


def test_a_corrupted_byte_is_detected_and_fetched_again(api: Proxy, accounts: Accounts, tmp_path: Path) -> None:
    home = tmp_path / "box"
    box.init(home, api.url, accounts.tokens["relay"])
    programme = box.publish(accounts, tmp_path, air_in_s=600, seconds=30)
    api.faults.append(Fault("/audio", flip_at=programme["size"] // 3))

    code, out = box.report(home, "sync")
    assert code == 0 and out["retried"] == out["verified"] == [programme["id"]], out
    asked = [e for e in api.exchanges if "/audio" in e.request.split("\r\n", 1)[0]]
    assert len(asked) == 2 and "range" not in asked[1].request.lower()  # the whole file again, not a resume
    assert box.sha256(home / "programmes" / f"{programme['id']}.mp3") == programme["sha256"]
    assert box.leftovers(home) == [] and [k for _, k, _ in box.receipts()] == ["downloaded"]


def test_sigkill_at_random_points_of_a_sync_loses_nothing(api: Proxy, accounts: Accounts, tmp_path: Path) -> None:
    seed = int(os.environ.get("RELAY_KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    home = tmp_path / "box"
    box.init(home, api.url, accounts.tokens["relay"])
    programmes = [box.publish(accounts, tmp_path, air_in_s=600 + n, seconds=40 + 10 * n) for n in range(3)]
    api.rate = 400_000  # about a second a file: kills land before, during and between downloads
    partial_seen = False
    for attempt in range(6):
        sync = subprocess.Popen([*box.AGENT, "sync", "--dir", str(home)], env=box.agent_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt == 0:  # the first kill surely lands mid-file; the others wherever chance puts them
            flows.wait_for(lambda: box.leftovers(home), timeout=30)
            time.sleep(0.2)
        else:
            time.sleep(rng.uniform(0.05, 2.0))
        sync.send_signal(signal.SIGKILL)
        sync.wait(timeout=10)
        partial_seen = partial_seen or any(p.endswith(".part") for p in box.leftovers(home))
        state = home / "state.json"
        if state.exists():
            json.loads(state.read_text())  # never half written
    assert partial_seen
    api.rate = None
    code, out = box.report(home, "sync")
    assert code == 0 and out["ok"], (seed, out)
    for p in programmes:
        assert box.sha256(home / "programmes" / f"{p['id']}.mp3") == p["sha256"], seed
    assert box.leftovers(home) == [], seed
    assert sorted(b for b, _, _ in box.receipts()) == sorted(p["id"] for p in programmes), seed  # once each
    code, again = box.report(home, "sync")
    assert code == 0 and again["not_modified"] and again["fetched"] == []
