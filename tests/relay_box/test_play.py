"""`bantin-relay play` against the real API and worker: on air at air time with or without a link, receipts
that arrive later exactly once, and an emergency bulletin on air within a minute of its approval."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import Accounts, Processes
from tests.relay_box import box
from tests.relay_box.proxy import Proxy
from tests.reliability import flows


@contextmanager
def playing(home: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen([*box.AGENT, "play", "--dir", str(home)], env=box.agent_env(), stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)  # it stops its player too
        proc.wait(timeout=15)


def events(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def test_without_a_link_it_plays_at_air_time_and_reports_later_exactly_once(
        processes: Processes, accounts: Accounts, tmp_path: Path) -> None:
    base = processes.api()
    proxy = Proxy(int(base.rsplit(":", 1)[1]))
    home = tmp_path / "box"
    command, played = box.player(tmp_path, seconds=1)
    box.init(home, proxy.url, accounts.tokens["relay"], player=command, poll_s="1")
    programme = box.publish(accounts, tmp_path, air_in_s=15)
    assert box.report(home, "sync")[0] == 0

    processes.kill(processes.procs[-1])  # the server goes down
    code, down = box.report(home, "sync")
    assert code == 1 and not down["ok"] and down["error"] and down["deleted"] == [], down
    with playing(home, tmp_path / "play.log"):
        flows.wait_for(lambda: box.plays(played), timeout=40, every=0.1)
        [first] = box.plays(played)
        assert programme["air_at"] - 0.1 <= first["at"] <= programme["air_at"] + 2.0, (first, programme)
        assert first["sha256"] == programme["sha256"] and first["file"].endswith(f"{programme['id']}.mp3")
        flows.wait_for(lambda: box.report(home, "status")[1]["queued_receipts"] == 1, timeout=10, every=0.2)
    status = box.report(home, "status")[1]
    assert any("receipt" in w for w in status["warnings"]) and status["next_programme"] is None
    assert [k for _, k, _ in box.receipts()] == ["downloaded"]  # the played receipt waits on the box

    queued = tmp_path / "queued-copy"
    shutil.copytree(home / "receipts", queued)
    proxy.target_port = int(processes.api().rsplit(":", 1)[1])  # the server is back
    code, back = box.report(home, "sync")
    assert code == 0 and back["receipts_sent"] == 1 and back["receipts_queued"] == 0, back
    # The box may send a receipt again (its answer lost in a cut): the server counts it once.
    for copy in queued.iterdir():
        shutil.copy(copy, home / "receipts" / copy.name)
    code, again = box.report(home, "sync")
    assert code == 0 and again["receipts_sent"] == 1 and again["receipts_queued"] == 0
    kinds = box.receipts(programme["id"])
    assert [k for _, k, _ in kinds] == ["downloaded", "played"]
    assert abs(kinds[1][2] - first["at"]) <= 1.0  # the actual start time, not when it was sent


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["interrupt", "precede"])
def test_an_emergency_bulletin_is_on_air_within_a_minute(mode: str, processes: Processes, accounts: Accounts,
                                                         tmp_path: Path) -> None:
    processes.worker()
    base = processes.api()
    editor, approver = accounts.headers("editor"), accounts.headers("approver")
    article = httpx.post(f"{base}/api/v1/articles", headers=editor, timeout=30, json={
        "text": "Thông báo khẩn\n\nBão số 5 sắp đổ bộ, đề nghị bà con neo đậu tàu thuyền an toàn."}).json()
    url = f"{base}/api/v1/articles/{article['id']}"
    assert httpx.patch(url, headers=editor, json={"priority": "emergency", "version": article["version"]},
                       timeout=30).status_code == 200
    job = httpx.post(f"{url}/render", headers=editor, timeout=30).json()["job_id"]
    assert flows.wait_job(base, job, editor)["state"] == "done"
    assert httpx.post(f"{url}/submit", headers=editor, timeout=30).status_code == 200

    home = tmp_path / "box"
    seconds = 120 if mode == "interrupt" else 15  # how long the player plays each programme
    command, played = box.player(tmp_path, seconds=seconds)
    box.init(home, base, accounts.tokens["relay"], player=command, poll_s="2", emergency=mode)
    regular = box.publish(accounts, tmp_path, air_in_s=-1, seconds=60)  # on air now
    later = box.publish(accounts, tmp_path, air_in_s=5, seconds=30)  # due while the first still plays
    with playing(home, tmp_path / "play.log") as agent:
        flows.wait_for(lambda: box.plays(played), timeout=30, every=0.1)
        assert box.plays(played)[0]["sha256"] == regular["sha256"]
        approved = time.time()  # the bulletin is published to the communes at approval
        assert httpx.post(f"{url}/approve", headers=approver, timeout=30).json()["status"] == "approved"

        flows.wait_for(lambda: len(box.plays(played)) >= 2, timeout=60, every=0.2)
        first, bulletin = box.plays(played)[:2]
        assert bulletin["at"] - approved < 60
        listed = httpx.get(f"{base}/api/v1/relay/programmes", headers=accounts.headers("relay"), timeout=30).json()
        [emergency] = [p for p in listed if p["emergency"]]
        assert bulletin["sha256"] == emergency["sha256"] and bulletin["file"].endswith(f"{emergency['id']}.mp3")
        if mode == "interrupt":
            assert bulletin["at"] < first["at"] + seconds - 5  # cut into the programme
        else:
            assert bulletin["at"] >= first["at"] + seconds - 0.5  # after it ended, before the next one
            flows.wait_for(lambda: len(box.plays(played)) >= 3, timeout=30, every=0.2)
            assert box.plays(played)[2]["sha256"] == later["sha256"]
        assert agent.poll() is None
    interrupted = [e for e in events(tmp_path / "play.log") if e["event"] == "interrupted"]
    if mode == "interrupt":
        assert [(e["id"], e["by"]) for e in interrupted] == [(regular["id"], emergency["id"])]
    else:
        assert interrupted == []
