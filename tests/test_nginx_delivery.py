"""Downloads handed to nginx (X-Accel-Redirect): the API still decides who gets what; nginx sends the
bytes, resumable and verifiable as before."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.nginx import ACCEL_PREFIX, nginx_config
from service.settings import get_settings
from tests.conftest import Accounts, Processes, free_port
from tests.workers.test_programmes import approved, morning


@pytest.fixture
def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed")
    return found


@pytest.fixture
def broadcast(accounts: Accounts) -> Iterator[str]:
    from service.main import app
    from workers import broadcast_job

    with TestClient(app) as client:
        approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông nông thôn.")
    yield str(broadcast_job.build(accounts.station_id, morning(accounts).id, "2026-11-27", accounts.communes["Ân Hòa"]))


@pytest.mark.slow
def test_nginx_sends_what_the_api_allows(nginx_binary: str, broadcast: str, processes: Processes,
                                         accounts: Accounts, tmp_path: Path) -> None:
    processes.env["BANTIN_ACCEL_REDIRECT"] = ACCEL_PREFIX
    api = processes.api().removeprefix("http://")
    port = free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    conf = run / "nginx.conf"
    conf.write_text(nginx_config(listen=f"127.0.0.1:{port}", api=api, audio_dir=get_settings().audio_root,
                                 run_dir=run, main="user root;" if os.geteuid() == 0 else ""))
    nginx = processes.start("nginx", [nginx_binary, "-c", str(conf), "-g", "daemon off;"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/health", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    assert nginx.poll() is None, processes.log("nginx")

    url = f"{base}/api/v1/relay/programmes/{broadcast}/audio"
    relay = accounts.headers("relay")
    full = httpx.get(url, headers=relay, timeout=30)
    assert full.status_code == 200, full.text
    assert full.headers["content-type"] == "audio/mpeg"
    assert hashlib.sha256(full.content).hexdigest() == full.headers["x-content-sha256"]
    assert full.headers["etag"] == f'"{full.headers["x-content-sha256"]}"'
    assert int(full.headers["content-length"]) == len(full.content) > 10_000
    part = httpx.get(url, headers={**relay, "Range": "bytes=5000-"}, timeout=30)
    assert part.status_code == 206 and part.content == full.content[5000:]
    assert httpx.get(url, headers={**relay, "If-None-Match": full.headers["etag"]}, timeout=30).status_code == 304
    assert httpx.get(url, headers=accounts.headers("relay_other"), timeout=30).status_code == 404
    assert httpx.get(url, timeout=30).status_code == 401
    # The internal location is not reachable from outside.
    from service.db import session_scope
    from service.models import Broadcast, Recording

    with session_scope() as session:
        audio_key = session.get(Recording, session.get(Broadcast, broadcast).programme_id).audio_key  # type: ignore[union-attr]
    assert httpx.get(f"{base}{ACCEL_PREFIX}/{audio_key}", timeout=30).status_code == 404
