"""Liveness and readiness, as an operator or a load balancer sees them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def client(settings_env: dict[str, str]) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def test_health_and_ready_without_a_worker(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert checks["database"] == checks["broker"] == checks["storage"] == "ok"
    assert "bantin worker" in checks["workers"]


def test_ready_once_a_worker_beats(client: TestClient) -> None:
    from service.health import beat

    beat("test-worker:1")
    assert client.get("/ready").json() == {"status": "ready", "checks": {
        "database": "ok", "broker": "ok", "storage": "ok", "workers": "ok"}}


def test_unwritable_storage_is_named(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.health import beat
    from service.settings import get_settings

    beat("test-worker:1")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("BANTIN_AUDIO_DIR", str(blocked))
    get_settings.cache_clear()
    ready = client.get("/ready")
    assert ready.status_code == 503 and "not writable" in ready.json()["checks"]["storage"]
