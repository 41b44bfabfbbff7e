"""A station's own keys for the paid cloud voices: set by an admin, encrypted at rest, used by the engine
for that station only, never returned and never logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import Accounts, make_accounts
from tests.fakes.fpt_tts import API_KEY, FakeFpt
from tests.workers.tts.test_cloud import FAST, configure

KEY = "x7bV7V8Yb1J4bq3pA0m1Zr0i6KpP7iQ2mE0Dg3bTqU8="  # a Fernet key for tests only


@pytest.fixture
def client(accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from service.main import app

    configure(monkeypatch, {"BANTIN_CREDENTIALS_KEY": KEY})
    with TestClient(app) as c:
        yield c


def test_a_key_is_stored_encrypted_and_never_returned(client: TestClient, accounts: Accounts,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from service.db import session_scope
    from service.models import StationCredential

    caplog.set_level(logging.DEBUG)
    admin = accounts.headers("admin")
    reply = client.put("/api/v1/station/voice-credentials/fptai", json={"secret": API_KEY}, headers=admin)
    assert reply.status_code == 200 and API_KEY not in reply.text
    listed = client.get("/api/v1/station/voice-credentials", headers=admin)
    assert [row["engine"] for row in listed.json()] == ["fptai"] and API_KEY not in listed.text
    with session_scope() as session:
        sealed = session.scalars(select(StationCredential.sealed)).one()
    assert API_KEY not in sealed and API_KEY.encode() not in sealed.encode()
    assert API_KEY not in caplog.text
    assert client.delete("/api/v1/station/voice-credentials/fptai", headers=admin).status_code == 204
    assert client.get("/api/v1/station/voice-credentials", headers=admin).json() == []


@pytest.mark.parametrize(("engine", "body", "code"), [
    ("espeak", {"secret": "abc"}, 422),  # not a paid engine
    ("fptai", {"secret": ""}, 422),
    ("fptai", {}, 422),
    ("vbee", {"secret": "only-a-token"}, 422),  # Vbee needs APP_ID:TOKEN
    ("vbee", {"secret": "app-id:"}, 422),
])
def test_what_is_refused(client: TestClient, accounts: Accounts, engine: str, body: dict[str, str], code: int) -> None:
    reply = client.put(f"/api/v1/station/voice-credentials/{engine}", json=body, headers=accounts.headers("admin"))
    assert reply.status_code == code


def test_without_the_key_setting_nothing_is_stored(accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.main import app

    configure(monkeypatch, {"BANTIN_CREDENTIALS_KEY": ""})
    with TestClient(app) as client:
        reply = client.put("/api/v1/station/voice-credentials/fptai", json={"secret": API_KEY},
                           headers=accounts.headers("admin"))
    assert reply.status_code == 422 and "BANTIN_CREDENTIALS_KEY" in reply.text


def test_production_refuses_to_start_without_the_key() -> None:
    from pydantic import ValidationError

    from service.settings import Settings

    with pytest.raises(ValidationError, match="BANTIN_CREDENTIALS_KEY must be set in production"):
        Settings(environment="production", credentials_key="")
    assert Settings(environment="production", credentials_key=KEY).credentials_key.get_secret_value() == KEY


def test_the_engine_speaks_with_the_stations_own_key(client: TestClient, accounts: Accounts,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from service.settings import get_settings
    from service.storage import get_storage
    from workers.synth import speak

    caplog.set_level(logging.DEBUG)
    other = make_accounts("Đài truyền thanh huyện Yên Mô", prefix="ym-")
    client.put("/api/v1/station/voice-credentials/fptai", json={"secret": API_KEY}, headers=accounts.headers("admin"))
    with FakeFpt() as fpt:
        # The installation's own key is wrong: only the station that set its key is heard in FPT.AI's voice.
        configure(monkeypatch, {**FAST, "BANTIN_FPTAI_BASE_URL": fpt.url, "BANTIN_FPTAI_API_KEY": "not-the-key",
                                "BANTIN_CREDENTIALS_KEY": KEY})

        def engine_for(station: str) -> str:  # the station's id as text: the shared audio cache never answers
            return speak(f"Tin buổi sáng {station}", "narrator", engines=["fptai", "espeak"], storage=get_storage(),
                         sample_rate=get_settings().house_sample_rate, station=station).engine

        assert engine_for(accounts.station_id) == "fptai"
        assert engine_for(other.station_id) == "espeak"
    assert [r["api_key"] for r in fpt.requests] == [API_KEY, "not-the-key"]
    assert API_KEY not in caplog.text and "not-the-key" not in caplog.text


def test_every_paid_engine_can_take_a_stations_key() -> None:
    from service.credentials import PAID_ENGINES
    from workers.tts import ENGINES, get_engine

    assert set(PAID_ENGINES) == {name for name in ENGINES if getattr(get_engine(name), "billed", False)}


def test_vbee_speaks_with_the_stations_app_id_and_token_and_bills_the_station(
        client: TestClient, accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> None:
    from service import voice_usage
    from service.settings import get_settings
    from service.storage import get_storage
    from tests.fakes import vbee_tts
    from workers.synth import speak

    reply = client.put("/api/v1/station/voice-credentials/vbee", json={"secret": vbee_tts.SECRET},
                       headers=accounts.headers("admin"))
    assert reply.status_code in (200, 201), reply.text
    with vbee_tts.FakeVbee() as vbee:
        # No installation-wide Vbee account: only the station's own key can speak.
        configure(monkeypatch, {**FAST, "BANTIN_VBEE_BASE_URL": vbee.url, "BANTIN_VBEE_APP_ID": "",
                                "BANTIN_VBEE_TOKEN": "", "BANTIN_CREDENTIALS_KEY": KEY})
        spoken = speak("Tin buổi sáng của đài", "narrator", engines=["vbee", "espeak"], storage=get_storage(),
                       sample_rate=get_settings().house_sample_rate, station=accounts.station_id)
    assert spoken.engine == "vbee", spoken.failures
    assert vbee.requests[0]["app_id"] == vbee_tts.APP_ID
    assert vbee.requests[0]["authorization"] == f"Bearer {vbee_tts.TOKEN}"
    assert vbee.requests[0]["voice_code"] == "hn_female_ngochuyen_full_48k-fhg"  # the default set's narrator
    use = voice_usage.month_use(get_settings(), accounts.station_id)
    assert [(u["engine"], u["chars"]) for u in use] == [("vbee", len("Tin buổi sáng của đài"))]
