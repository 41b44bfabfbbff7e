"""What the server offers boxes: a listing with an ETag that changes exactly when the listing does, emergency
bulletins flagged, and receipts with a key recorded once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts
from tests.relay_box import box


@pytest.fixture
def client(accounts: Accounts) -> Iterator[TestClient]:
    from service.main import app

    with TestClient(app) as c:
        yield c


def test_the_listing_etag_follows_the_listing(client: TestClient, accounts: Accounts, tmp_path: Path) -> None:
    relay = accounts.headers("relay")
    empty = client.get("/api/v1/relay/programmes", headers=relay)
    assert empty.json() == [] and empty.headers["etag"]
    assert client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": empty.headers["etag"]}
                      ).status_code == 304
    first = box.publish(accounts, tmp_path, air_in_s=600)
    listed = client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": empty.headers["etag"]})
    assert listed.status_code == 200 and [p["id"] for p in listed.json()] == [first["id"]]
    assert listed.json()[0]["emergency"] is False and listed.json()[0]["sha256"] == first["sha256"]
    etag = listed.headers["etag"]
    assert etag != empty.headers["etag"]
    not_modified = client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b"" and not_modified.headers["etag"] == etag

    box.publish(accounts, tmp_path, air_in_s=600, commune="Yên Lộc")  # another commune's: nothing changes here
    assert client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": etag}).status_code == 304
    # A renamed slot changes the titles the listing shows, and so its ETag.
    from service.db import session_scope
    from service.models import Broadcast
    from tests.workers.test_programmes import morning

    slot = morning(accounts)
    with session_scope() as session:
        row = session.get(Broadcast, first["id"])
        assert row is not None
        row.slot_id = slot.id
    moved = client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": etag})
    assert moved.status_code == 200
    client.patch(f"/api/v1/slots/{slot.id}", json={"title": "Bản tin buổi sớm"}, headers=accounts.headers("admin"))
    renamed = client.get("/api/v1/relay/programmes", headers={**relay, "If-None-Match": moved.headers["etag"]})
    assert renamed.status_code == 200 and renamed.json()[0]["title"].startswith("Bản tin buổi sớm")

    bulletin = box.publish(accounts, tmp_path, air_in_s=0, emergency_article=None)
    from service.models import Article

    with session_scope() as session:  # an emergency bulletin is the broadcast of an emergency article
        article = Article(station_id=accounts.station_id, title="Khẩn", source_text="Bão", script={})
        session.add(article)
        session.flush()
        row = session.get(Broadcast, bulletin["id"])
        assert row is not None
        row.emergency_article_id = article.id
    flags = {p["id"]: p["emergency"] for p in client.get("/api/v1/relay/programmes", headers=relay).json()}
    assert flags == {first["id"]: False, bulletin["id"]: True}
    # `since` narrows the listing, and the ETag with it.
    later = client.get("/api/v1/relay/programmes", params={"since": box.iso(first["air_at"] + 1)}, headers=relay)
    assert [p["id"] for p in later.json()] == [] and later.headers["etag"] != renamed.headers["etag"]


RECEIPTS = [
    # what the box sends -> status, recorded so far
    ({"kind": "downloaded", "key": "d-key-0001"}, 201, 1),
    ({"kind": "downloaded", "key": "d-key-0001"}, 200, 1),  # sent again after a lost answer
    ({"kind": "played", "key": "p-key-0001", "at": "2026-11-30T05:00:00.250+00:00"}, 201, 2),
    ({"kind": "played", "key": "p-key-0001", "at": "2026-11-30T05:00:00.250+00:00"}, 200, 2),
    ({"kind": "played"}, 201, 3),  # without a key, as before: each one counts
    ({"kind": "played"}, 201, 4),
    ({"kind": "played", "key": "short"}, 422, 4),
    ({"kind": "aired", "key": "x-key-0001"}, 422, 4),
]


def test_a_receipt_with_a_key_is_recorded_once(client: TestClient, accounts: Accounts, tmp_path: Path) -> None:
    programme = box.publish(accounts, tmp_path, air_in_s=60)
    for sent, status, recorded in RECEIPTS:
        answer = client.post("/api/v1/relay/receipts", json={"programme_id": programme["id"], **sent},
                             headers=accounts.headers("relay"))
        assert (answer.status_code, len(box.receipts())) == (status, recorded), (sent, answer.text)
    # Keys are the commune's own: the other commune's box cannot collide with them (nor see the programme).
    other = client.post("/api/v1/relay/receipts", json={"programme_id": programme["id"], "kind": "played",
                                                        "key": "d-key-0001"}, headers=accounts.headers("relay_other"))
    assert other.status_code == 404
