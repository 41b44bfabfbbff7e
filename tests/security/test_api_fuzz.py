"""Schemathesis against bantin's own OpenAPI schema: whatever a client sends, no 500, and every error is
a JSON body with a message in plain words."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.main import app
from tests.conftest import Accounts, _clear_caches, _fresh_postgres, make_accounts

# Loading the schema builds it from the routes; it touches no database or folder.
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def accounts_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Accounts]:
    """One data folder and database for the whole fuzzing run (each operation is a separate test)."""
    data: Path = tmp_path_factory.mktemp("fuzz")
    env = {"BANTIN_DATA_DIR": str(data), "BANTIN_ENVIRONMENT": "test", "BANTIN_ENGINES": "espeak",
           "BANTIN_GTTS_BASE_URL": "http://127.0.0.1:9", "BANTIN_REDIS_URL": "", "BANTIN_LOG_LEVEL": "warning",
           "BANTIN_VOICE_MODEL_WAIT_S": "0.3"}
    if os.environ.get("BANTIN_TEST_DATABASE_URL"):
        env["BANTIN_DATABASE_URL"] = os.environ["BANTIN_TEST_DATABASE_URL"]
        _fresh_postgres(env["BANTIN_DATABASE_URL"])
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        _clear_caches()
        from service.db import migrate

        migrate()
        yield make_accounts()
    _clear_caches()


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_server_error(case: schemathesis.Case, accounts_module: Accounts) -> None:
    who = "relay" if case.path.startswith(("/api/v1/relay/", "/api/v1/relay")) else "admin"
    response = case.call(headers=accounts_module.headers(who))
    # No worker runs here: /ready says so, and a piper voice nobody could try is "send it again later".
    no_worker = response.status_code == 503 and (case.path == "/ready" or (
        case.method == "POST" and case.path == "/api/v1/voices/piper" and "retry-after" in response.headers))
    what = (case.method, case.formatted_path, response.status_code, response.text[:300])
    assert response.status_code < 500 or no_worker, what
    if response.status_code >= 400 and response.status_code != 304:
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), (case.method, case.formatted_path, response.headers)
        detail = response.json().get("detail")
        assert isinstance(detail, str) and detail.strip(), response.text[:300]
