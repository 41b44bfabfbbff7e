"""`bantin doctor` on real and broken deployments: it names what is wrong in plain words."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.bantin.test_cli import bantin
from tests.conftest import Processes


def lines(output: str) -> dict[str, tuple[str, str]]:
    found = {}
    for line in output.splitlines():
        level, _, rest = line.partition(" ")
        check, _, message = rest.strip().partition(" ")
        if level in ("OK", "WARN", "FAIL"):
            found[check] = (level, message.strip())
    return found


@pytest.mark.slow
def test_a_working_deployment_is_all_good(processes: Processes, redis_url: str) -> None:
    processes.env["BANTIN_BROKER_URL"] = redis_url
    processes.worker()
    deadline = time.monotonic() + 60
    while True:
        result = bantin("doctor", env={**processes.env})
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)  # the worker's first heartbeat
    assert result.returncode == 0, result.stdout
    found = lines(result.stdout)
    assert set(found) == {"database", "broker", "storage", "workers", "ffmpeg", "voices", "google", "cloud-voices",
                          "templates", "secrets"}
    assert found["database"][0] == "OK" and "revision" in found["database"][1]
    assert found["workers"][0] == "OK"
    assert result.stdout.rstrip().endswith("all good")


@pytest.mark.parametrize(("setting", "value", "check", "says"), [
    ("BANTIN_BROKER_URL", "redis://127.0.0.1:9/0", "broker", "broker unreachable"),
    ("BANTIN_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none", "database", "database unreachable"),
    ("BANTIN_ENGINES", "espeak,nosuch", "voices", "nosuch"),
    ("BANTIN_TEMPLATES_DIR", "/nonexistent/templates", "templates", "cannot be read"),
    ("BANTIN_STORAGE", "s3", "storage", "not writable"),
])
def test_a_broken_setting_is_named(settings_env: dict[str, str], setting: str, value: str, check: str,
                                   says: str) -> None:
    env = {**os.environ, setting: value, "BANTIN_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    result = bantin("doctor", env=env)
    assert result.returncode == 1
    level, message = lines(result.stdout)[check]
    assert level == "FAIL" and says in message, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_database_behind_the_code_is_named(settings_env: dict[str, str], tmp_path: Path) -> None:
    env = {**os.environ, "BANTIN_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    level, message = lines(bantin("doctor", env=env).stdout)["database"]
    assert level == "FAIL" and "revision none" in message and "migrate" in message


def test_no_worker_is_named(settings_env: dict[str, str]) -> None:
    result = bantin("doctor", env={**os.environ})
    level, message = lines(result.stdout)["workers"]
    assert (level, result.returncode) == ("FAIL", 1) and "bantin worker" in message


def test_each_paid_voice_and_key_is_tried_with_one_short_request(settings_env: dict[str, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bantin.doctor import _cloud_voices
    from service import credentials
    from service.db import session_scope
    from service.settings import get_settings
    from tests.conftest import make_accounts
    from tests.fakes.fpt_tts import API_KEY, FakeFpt
    from tests.fakes.viettel_tts import FakeViettel
    from tests.service.api.test_voice_credentials import KEY
    from tests.workers.tts.test_cloud import FAST, configure

    with FakeFpt() as fpt, FakeViettel() as viettel:
        configure(monkeypatch, {**FAST, "BANTIN_ENGINES": "fptai,viettel,espeak", "BANTIN_FPTAI_BASE_URL": fpt.url,
                                "BANTIN_FPTAI_API_KEY": API_KEY, "BANTIN_VIETTEL_BASE_URL": viettel.url,
                                "BANTIN_VIETTEL_TOKEN": "a-wrong-token", "BANTIN_CREDENTIALS_KEY": KEY})
        station = make_accounts("Đài truyền thanh huyện Yên Mô", prefix="ym-").station_id
        with session_scope() as session:
            credentials.put(session, get_settings(), station, "fptai", "a-stations-wrong-key")
        level, message = _cloud_voices(get_settings())
    assert level == "warn"
    assert "fptai (Đài truyền thanh huyện Yên Mô): " in message and "viettel: " in message
    assert "working: fptai" in message
    assert [r["text"] for r in fpt.requests] == ["Xin chào."] * 2 and len(viettel.requests) == 1
    assert "a-wrong-token" not in message and "a-stations-wrong-key" not in message
