"""Secrets never reach a log: passwords, bearer tokens and the feed secrets that travel in URLs."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import PASSWORD, Accounts, Processes


@pytest.mark.slow
def test_no_secret_is_written_to_the_api_log(processes: Processes, accounts: Accounts) -> None:
    processes.env["BANTIN_LOG_LEVEL"] = "debug"
    base = processes.api()
    relay = accounts.headers("relay")
    feed = httpx.post(f"{base}/api/v1/relay/feed-secret", headers=relay, timeout=10).json()
    assert httpx.get(f"{base}{feed['rss']}", timeout=10).status_code == 200
    assert httpx.get(f"{base}{feed['m3u']}", timeout=10).status_code == 200
    assert httpx.get(f"{base}/api/v1/feeds/{feed['secret']}x/podcast.rss", timeout=10).status_code == 404
    assert httpx.get(f"{base}/api/v1/relay/programmes", headers=relay, timeout=10).status_code == 200
    wrong = httpx.post(f"{base}/api/v1/auth/login", json={"username": "editor", "password": "sai-" + PASSWORD},
                       timeout=10)
    assert wrong.status_code == 401
    signed_in = httpx.post(f"{base}/api/v1/auth/login", json={"username": "editor", "password": PASSWORD},
                           timeout=10)
    assert signed_in.status_code == 200
    session_cookie = signed_in.cookies.get("bantin_session")
    assert session_cookie
    assert httpx.get(f"{base}/api/v1/me", headers={"Authorization": "Bearer not-a-token-1234567"},
                     timeout=10).status_code == 401

    log = processes.log("api", tail=None)
    assert "/api/v1/feeds/***/podcast.rss" in log  # the request was logged, its secret masked
    for secret in (*accounts.tokens.values(), feed["secret"], PASSWORD, session_cookie, "not-a-token-1234567"):
        assert secret not in log
