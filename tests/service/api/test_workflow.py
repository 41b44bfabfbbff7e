"""Accounts, approval and access over HTTP: who may do what, in which order, and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Accounts, make_accounts

TEXT = "Thông báo lịch tiêm chủng\n\nTrạm y tế xã tiêm chủng mở rộng vào ngày 15/6/2024."


@pytest.fixture
def app_client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def as_(accounts: Accounts, who: str) -> dict[str, str]:
    return accounts.headers(who)


def rendered_article(client: TestClient, accounts: Accounts) -> dict:
    from workers import render_job

    article = client.post("/api/v1/articles", json={"text": TEXT}, headers=as_(accounts, "editor")).json()
    job = client.post(f"/api/v1/articles/{article['id']}/render", headers=as_(accounts, "editor")).json()
    render_job.run(job["job_id"])
    return dict(client.get(f"/api/v1/articles/{article['id']}", headers=as_(accounts, "editor")).json())


def test_life_cycle_with_audit(app_client: TestClient, accounts: Accounts) -> None:
    article = rendered_article(app_client, accounts)
    assert article["status"] == "rendered" and article["programme_id"]
    url = f"/api/v1/articles/{article['id']}"
    assert app_client.post(f"{url}/approve", headers=as_(accounts, "approver")).status_code == 409  # not submitted
    assert app_client.post(f"{url}/submit", headers=as_(accounts, "editor")).json()["status"] == "submitted"
    assert app_client.post(f"{url}/approve", headers=as_(accounts, "approver")).json()["status"] == "approved"
    trail = app_client.get(f"{url}/audit", headers=as_(accounts, "approver")).json()
    assert [(e["action"], e["username"], e["to_status"]) for e in trail] == [
        ("create", "editor", "draft"), ("render", "system", "rendered"), ("submit", "editor", "submitted"),
        ("approve", "approver", "approved")]
    # Editing what was approved sends it back to draft.
    script = app_client.get(url, headers=as_(accounts, "editor")).json()["script"]
    segments = [{k: s[k] for k in ("role", "speaker", "text", "source_lines")} for s in script["segments"]]
    segments[1]["text"] += " Bà con nhớ mang sổ tiêm."
    version = app_client.get(url, headers=as_(accounts, "editor")).json()["version"]
    edited = app_client.put(f"{url}/script", json={"segments": segments, "version": version},
                            headers=as_(accounts, "editor")).json()
    assert edited["status"] == "draft"


def test_reject_needs_a_reason(app_client: TestClient, accounts: Accounts) -> None:
    article = rendered_article(app_client, accounts)
    url = f"/api/v1/articles/{article['id']}"
    app_client.post(f"{url}/submit", headers=as_(accounts, "editor"))
    assert app_client.post(f"{url}/reject", json={"reason": " "}, headers=as_(accounts, "approver")).status_code == 422
    rejected = app_client.post(f"{url}/reject", json={"reason": "Sai ngày tiêm"}, headers=as_(accounts, "approver"))
    assert rejected.json()["status"] == "rejected"
    assert app_client.get(f"{url}/audit", headers=as_(accounts, "editor")).json()[-1]["note"] == "Sai ngày tiêm"


@pytest.mark.parametrize(
    ("who", "method", "path", "status"),
    [
        ("editor", "post", "/approve", 403), ("approver", "post", "", 403), ("relay", "get", "", 403),
        ("relay", "post", "/submit", 403), ("approver", "put", "/script", 403), (None, "get", "", 401),
        ("bogus", "get", "", 401),
    ],
)
def test_roles_are_checked(app_client: TestClient, accounts: Accounts, who: str | None, method: str, path: str,
                           status: int) -> None:
    article = app_client.post("/api/v1/articles", json={"text": TEXT}, headers=as_(accounts, "editor")).json()
    url = "/api/v1/articles" + (f"/{article['id']}{path}" if path or method == "get" else "")
    headers = {} if who is None else ({"Authorization": "Bearer nope"} if who == "bogus" else as_(accounts, who))
    body = {"segments": [{"role": "narrator", "text": "x y", "source_lines": [0]}]} if method == "put" else (
        {"text": TEXT} if method == "post" and not path else None)
    response = app_client.request(method.upper(), url, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_another_station_sees_nothing(app_client: TestClient, accounts: Accounts) -> None:
    other = make_accounts("Đài truyền thanh huyện Yên Mô", prefix="ym-")
    article = app_client.post("/api/v1/articles", json={"text": TEXT}, headers=as_(accounts, "editor")).json()
    assert app_client.get(f"/api/v1/articles/{article['id']}", headers=other.headers("editor")).status_code == 404
    assert app_client.get("/api/v1/articles", headers=other.headers("editor")).json() == []


def test_relay_downloads_only_approved_programmes_of_its_commune(app_client: TestClient, accounts: Accounts) -> None:
    article = rendered_article(app_client, accounts)
    url = f"/api/v1/articles/{article['id']}"
    audio = f"/api/v1/programmes/{article['programme_id']}/audio"
    assert app_client.get(audio, headers=as_(accounts, "relay")).status_code == 404  # not approved yet
    targets = {"targets": [accounts.communes["Ân Hòa"]], "version": article["version"]}
    assert app_client.patch(url, json=targets, headers=as_(accounts, "editor")).status_code == 200
    render = app_client.post(f"{url}/render", headers=as_(accounts, "editor")).json()
    from workers import render_job

    render_job.run(render["job_id"])
    article = app_client.get(url, headers=as_(accounts, "editor")).json()
    app_client.post(f"{url}/submit", headers=as_(accounts, "editor"))
    app_client.post(f"{url}/approve", headers=as_(accounts, "approver"))
    audio = f"/api/v1/programmes/{article['programme_id']}/audio"
    response = app_client.get(audio, headers=as_(accounts, "relay"))
    assert response.status_code == 200 and response.headers["content-type"] == "audio/mpeg"
    assert app_client.get(audio, headers=as_(accounts, "relay_other")).status_code == 404


def test_sign_in_sets_a_session_that_needs_csrf_for_changes(app_client: TestClient, accounts: Accounts) -> None:
    signed = app_client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    assert signed.status_code == 200 and signed.cookies.get("bantin_session")
    csrf = signed.json()["csrf_token"]
    assert app_client.get("/api/v1/me").json()["role"] == "editor"
    assert app_client.post("/api/v1/articles", json={"text": TEXT}).status_code == 403  # no CSRF token
    ok = app_client.post("/api/v1/articles", json={"text": TEXT}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201
    assert app_client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert app_client.get("/api/v1/me").status_code == 401


def test_sign_in_is_rate_limited(app_client: TestClient, accounts: Accounts) -> None:
    for _ in range(5):
        wrong = app_client.post("/api/v1/auth/login", json={"username": "editor", "password": "sai-mat-khau"})
        assert wrong.status_code == 401
    blocked = app_client.post("/api/v1/auth/login", json={"username": "editor", "password": PASSWORD})
    assert blocked.status_code == 429 and "Quá nhiều" in blocked.json()["detail"]


def test_admin_creates_users_and_relay_tokens(app_client: TestClient, accounts: Accounts) -> None:
    admin = as_(accounts, "admin")
    user = app_client.post("/api/v1/users", json={"username": "btv-lan", "password": "mot-mat-khau-dai",
                                                  "role": "editor"}, headers=admin)
    assert user.status_code == 201
    assert app_client.post("/api/v1/users", json={"username": "x1", "password": "ngan", "role": "editor"},
                           headers=admin).status_code == 422
    token = app_client.post(f"/api/v1/users/{user.json()['id']}/tokens", headers=admin).json()["token"]
    assert app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "btv-lan"
    relay = app_client.post("/api/v1/relays", json={"commune_id": accounts.communes["Yên Lộc"]}, headers=admin)
    me = app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {relay.json()['token']}"}).json()
    assert (me["role"], me["commune_id"]) == ("relay", accounts.communes["Yên Lộc"])
    assert app_client.post("/api/v1/users", json={"username": "zz9", "password": "mot-mat-khau-dai",
                                                  "role": "editor"}, headers=as_(accounts, "editor")).status_code == 403


def test_tokens_are_stored_hashed(accounts: Accounts) -> None:
    from sqlalchemy import select

    from service.db import session_scope
    from service.models import ApiToken, User

    with session_scope() as session:
        stored = [t.token_hash for t in session.scalars(select(ApiToken))]
        hashes = [u.password_hash or "" for u in session.scalars(select(User))]
    assert not set(accounts.tokens.values()) & set(stored)
    assert all(len(h) == 64 for h in stored)
    assert PASSWORD not in " ".join(hashes)
