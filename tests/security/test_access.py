"""Who may do what: every role against every endpoint of the API, on the real database.

Allowed: the request reaches its handler (never 401, 403 or 404 for a resource of the caller's own
station). Refused: 401 without credentials, 403 for a role that may not, or 404 where even the
existence of another commune's programme is hidden.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.db import session_scope
from service.models import ApiToken, User
from tests.conftest import Accounts
from tests.service.api.test_templates import tone_wav
from tests.workers.test_programmes import approved, morning

ROLES = ("anonymous", "admin", "editor", "approver", "relay")
PUBLIC = set(ROLES)
SIGNED_IN = {"admin", "editor", "approver", "relay"}
STAFF = {"admin", "editor", "approver"}
EDITORS = {"admin", "editor"}
APPROVERS = {"admin", "approver"}
ADMIN = {"admin"}
RELAY = {"relay"}

MATRIX: list[tuple[str, str, set[str]]] = [
    ("POST", "/api/v1/auth/login", PUBLIC),
    ("GET", "/api/v1/me", SIGNED_IN),
    ("GET", "/api/v1/users", ADMIN),
    ("POST", "/api/v1/users", ADMIN),
    ("POST", "/api/v1/users/{relay_user}/tokens", ADMIN),
    ("GET", "/api/v1/communes", STAFF),
    ("POST", "/api/v1/communes", ADMIN),
    ("POST", "/api/v1/relays", ADMIN),
    ("GET", "/api/v1/station", STAFF),
    ("PATCH", "/api/v1/station", ADMIN),
    ("GET", "/api/v1/station/voice-usage", STAFF),
    ("GET", "/api/v1/station/voice-credentials", ADMIN),
    ("PUT", "/api/v1/station/voice-credentials/{engine}", ADMIN),
    ("DELETE", "/api/v1/station/voice-credentials/{engine}", ADMIN),
    ("GET", "/api/v1/voices/piper", STAFF),
    ("POST", "/api/v1/voices/piper", ADMIN),
    ("POST", "/api/v1/articles", EDITORS),
    ("GET", "/api/v1/articles", STAFF),
    ("GET", "/api/v1/articles/{article}", STAFF),
    ("PATCH", "/api/v1/articles/{article}", EDITORS),
    ("PUT", "/api/v1/articles/{article}/script", EDITORS),
    ("GET", "/api/v1/articles/{article}/versions", STAFF),
    ("GET", "/api/v1/articles/{article}/versions/{version}", STAFF),
    ("GET", "/api/v1/articles/{article}/versions/{version}/changes", STAFF),
    ("POST", "/api/v1/articles/{article}/versions/{version}/restore", EDITORS),
    ("POST", "/api/v1/articles/{article}/render", EDITORS),
    ("POST", "/api/v1/articles/{article}/submit", EDITORS),
    ("POST", "/api/v1/articles/{article}/approve", APPROVERS),
    ("POST", "/api/v1/articles/{article}/reject", APPROVERS),
    ("GET", "/api/v1/articles/{article}/audit", STAFF),
    ("GET", "/api/v1/articles/{article}/script/{index}/audio", STAFF),
    ("GET", "/api/v1/articles/{article}/script/{index}/voice-track", STAFF),
    ("GET", "/api/v1/articles/{article}/script/{index}/voice-track/audio", STAFF),
    ("PUT", "/api/v1/articles/{article}/script/{index}/voice-track", EDITORS),
    ("DELETE", "/api/v1/articles/{article}/script/{index}/voice-track", EDITORS),
    ("GET", "/api/v1/jobs/{job}", STAFF),
    ("POST", "/api/v1/normalize", STAFF),
    ("GET", "/api/v1/lexicon", STAFF),
    ("POST", "/api/v1/lexicon", EDITORS),
    ("GET", "/api/v1/lexicon/{entry}", STAFF),
    ("PATCH", "/api/v1/lexicon/{entry}", EDITORS),
    ("DELETE", "/api/v1/lexicon/{entry}", EDITORS),
    ("GET", "/api/v1/programmes/{programme}", STAFF),
    ("GET", "/api/v1/programmes/{programme}/sidecar", SIGNED_IN),  # the relay: its commune's programme only
    ("GET", "/api/v1/programmes/{programme}/audio", SIGNED_IN),
    ("GET", "/api/v1/relay/programmes", RELAY),
    ("GET", "/api/v1/relay/programmes/latest", RELAY),
    ("GET", "/api/v1/relay/programmes/{broadcast}/audio", SIGNED_IN),
    ("POST", "/api/v1/relay/receipts", RELAY),
    ("GET", "/api/v1/broadcasts", STAFF),
    ("POST", "/api/v1/broadcasts/{broadcast}/release", APPROVERS),
    ("POST", "/api/v1/relay/feed-secret", RELAY),
    ("POST", "/api/v1/relays/{relay_user}/feed-secret", ADMIN),
    ("GET", "/api/v1/slots", STAFF),
    ("PATCH", "/api/v1/slots/{slot}", EDITORS),
    ("POST", "/api/v1/slots/{slot}/build", EDITORS),
    ("GET", "/api/v1/templates", STAFF),
    ("POST", "/api/v1/templates/{name}/{kind}", EDITORS),
    ("GET", "/api/v1/templates/files/{file}", STAFF),
    ("GET", "/health", PUBLIC),
    ("GET", "/ready", PUBLIC),
    ("GET", "/metrics", PUBLIC),
]
# Feeds are opened by their secret alone (for boxes without header support), tested below.
FEEDS = {"/api/v1/feeds/{secret}/podcast.rss", "/api/v1/feeds/{secret}/playlist.m3u",
         "/api/v1/feeds/{secret}/programmes/{broadcast_id}.mp3",
         "/api/v1/feeds/{secret}/programmes/{broadcast_id}.chapters.json", "/api/v1/auth/logout"}


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


@pytest.fixture
def ids(client: TestClient, accounts: Accounts) -> dict[str, str]:
    """One real resource of each kind, in the station of the accounts, with the programme on air for Ân Hòa."""
    from workers import broadcast_job

    editor = accounts.headers("editor")
    on_air = approved(client, accounts, "Tin chung\n\nToàn huyện ra quân làm đường giao thông.")
    programme = client.get(f"/api/v1/articles/{on_air}", headers=editor).json()["programme_id"]
    slot = morning(accounts)
    broadcast = broadcast_job.build(accounts.station_id, slot.id, "2026-11-27", accounts.communes["Ân Hòa"])
    draft = client.post("/api/v1/articles", json={"text": "Tin nháp\n\nMột đoạn."}, headers=editor).json()["id"]
    job = client.post(f"/api/v1/articles/{draft}/render", headers=editor).json()["job_id"]
    upload = client.post("/api/v1/templates/kim-son/stinger", headers=editor,
                         files={"file": ("s.wav", tone_wav(1.0), "audio/wav")}).json()["id"]
    with session_scope() as session:
        relay_user = session.scalar(select(User.id).where(User.username == "relay"))
    own_voice(draft)
    assert programme and broadcast and relay_user
    return {"article": draft, "job": job, "programme": programme, "broadcast": broadcast, "slot": slot.id,
            "file": upload, "relay_user": relay_user, "name": "kim-son", "kind": "intro", "version": "1",
            "index": "0", "engine": "fptai"}


def own_voice(article_id: str) -> None:
    """A voice track on the article's first part, checked by the worker's own function (no worker runs here)."""
    from service import voice_tracks
    from service.articles import get_article, script_of
    from service.settings import get_settings
    from service.storage import get_storage
    from workers import voice_tracks as worker_side

    storage = get_storage(get_settings())
    storage.put_bytes("voice-tracks/incoming/access", tone_wav(1.0))
    worker_side.check("voice-tracks/incoming/access")
    answer = json.loads(storage.read_bytes("voice-tracks/incoming/access.json"))
    with session_scope() as session:
        article = get_article(session, article_id)
        editor = session.scalar(select(User).where(User.username == "editor"))
        assert editor is not None
        voice_tracks.save(session, article, 0, voice_tracks.Checked(answer["audio_key"], answer["duration_s"]),
                          editor, script_of(article))


_TERMS = itertools.count()


def fresh_entry(client: TestClient, accounts: Accounts) -> str:
    """A new lexicon entry, so a DELETE in one cell leaves the next cell something to act on."""
    reply = client.post("/api/v1/lexicon", json={"term": f"TX{next(_TERMS)}", "spoken": "tê ích"},
                        headers=accounts.headers("admin"))
    assert reply.status_code == 201, reply.text
    return str(reply.json()["id"])


def test_the_matrix_covers_every_endpoint(client: TestClient) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "*", path)

    spec = client.get("/openapi.json").json()
    served = {(method.upper(), shape(path)) for path, ops in spec["paths"].items() for method in ops
              if path not in FEEDS}
    assert served == {(method, shape(path)) for method, path, _ in MATRIX}


def test_each_role_against_each_endpoint(client: TestClient, accounts: Accounts, ids: dict[str, str]) -> None:
    wrong = []
    for method, template, allowed in MATRIX:
        for role in ROLES:
            values = dict(ids, entry=fresh_entry(client, accounts)) if "{entry}" in template else ids
            if method == "DELETE" and template.endswith("/voice-track"):
                own_voice(ids["article"])  # a fresh one, so each cell has something to delete
            path = template.format(**values)
            headers = {} if role == "anonymous" else accounts.headers(role)
            body = {} if method in ("POST", "PUT", "PATCH") else None
            reply = client.request(method, path, headers=headers, json=body)
            code = reply.status_code
            if role in allowed:
                ok = code not in (401, 403, 404)
            elif role == "anonymous":
                ok = code == 401
            else:
                ok = code in (403, 404)
            if not ok:
                wrong.append(f"{role:9} {method:6} {template}: {code} {reply.text[:80]}")
            if code >= 400:
                assert reply.headers["content-type"].startswith("application/json"), (method, path, code)
                assert reply.json().get("detail"), (method, path, code)
    assert not wrong, "\n".join(wrong)


def test_a_relay_sees_only_its_own_commune(client: TestClient, accounts: Accounts, ids: dict[str, str]) -> None:
    mine, other = accounts.headers("relay"), accounts.headers("relay_other")
    audio = f"/api/v1/relay/programmes/{ids['broadcast']}/audio"
    assert client.get(audio, headers=mine).status_code == 200
    assert client.get(audio, headers=other).status_code == 404
    assert [p["id"] for p in client.get("/api/v1/relay/programmes", headers=other).json()] == []
    assert client.get("/api/v1/relay/programmes/latest", headers=other).status_code == 404
    assert client.post("/api/v1/relay/receipts", json={"programme_id": ids["broadcast"], "kind": "played"},
                       headers=other).status_code == 404
    # The other relay's feed secret opens its own feed, never this commune's programme.
    theirs = client.post("/api/v1/relay/feed-secret", headers=other).json()
    assert ids["broadcast"] not in client.get(theirs["rss"]).text
    assert client.get(f"/api/v1/feeds/{theirs['secret']}/programmes/{ids['broadcast']}.mp3").status_code == 404
    # A relay's bearer token is not a feed secret, nor a feed secret a bearer token.
    token = accounts.tokens["relay"]
    assert client.get(f"/api/v1/feeds/{token}/podcast.rss").status_code == 404
    assert client.get("/api/v1/relay/programmes", headers={"Authorization": f"Bearer {theirs['secret']}"}
                      ).status_code == 401


def test_tokens_are_stored_hashed(accounts: Accounts) -> None:
    with session_scope() as session:
        stored = {row.token_hash for row in session.scalars(select(ApiToken))}
    for token in accounts.tokens.values():
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored
