"""The box's decisions, table-driven: what to fetch, delete and play, from the listing, the disk and the time."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "relay"))  # the agent is its own project, not installed in this environment

from bantin_relay import decide  # noqa: E402

NOW = decide.epoch("2026-11-30T12:00:00+00:00")
HOUR, DAY = 3600.0, 86400.0


def prog(pid: str, hours: float, size: int = 100, emergency: bool = False) -> dict[str, object]:
    """A listing row airing `hours` from NOW (negative: aired)."""
    return {"id": pid, "air_at": decide.iso(NOW + hours * HOUR), "size_bytes": size, "emergency": emergency}


PLANS = [
    # listing, on disk {id: size}, quota -> fetch, delete, over quota
    ("new ones fetched in air order", [prog("b", 5), prog("a", 2)], {}, 1000, ["a", "b"], [], []),
    ("what is on disk is not fetched again", [prog("a", 2)], {"a": 100}, 1000, [], [], []),
    ("kept two days after air, then deleted", [prog("old", -49), prog("recent", -47)], {"old": 100, "recent": 100},
     1000, [], ["old"], []),
    ("a file the listing no longer has goes", [prog("a", 2)], {"a": 100, "gone": 100}, 1000, [], ["gone"], []),
    ("an emergency comes first", [prog("a", 1), prog("e", -0.1, emergency=True)], {}, 1000, ["e", "a"], [], []),
    ("short of disk: aired ones go, oldest first", [prog("new", 3), prog("aired1", -1), prog("aired2", -5)],
     {"aired1": 100, "aired2": 100}, 200, ["new"], ["aired2"], []),
    ("short of disk: what airs later waits, nothing upcoming is deleted", [prog("a", 1), prog("b", 2, size=500)],
     {"a": 100}, 300, [], [], ["b"]),
    ("a kept-to-air emergency beats an aired programme for disk", [prog("aired", -1), prog("e", -0.2, 150, True)],
     {"aired": 100}, 200, ["e"], ["aired"], []),
]


@pytest.mark.parametrize(("why", "listing", "disk", "quota", "fetch", "delete", "over"), PLANS,
                         ids=[p[0] for p in PLANS])
def test_plan(why: str, listing: list[dict[str, object]], disk: dict[str, int], quota: int, fetch: list[str],
              delete: list[str], over: list[str]) -> None:
    out = decide.plan(listing, disk, now=NOW, keep_s=2 * DAY, quota=quota)
    assert ([p["id"] for p in out.fetch], sorted(out.delete), out.over_quota) == (fetch, sorted(delete), over)


DUE = [
    # listing, on disk, played -> on air now, in order
    ("not yet", [prog("a", 0.01)], {"a"}, set(), []),
    ("at air time", [prog("a", 0)], {"a"}, set(), ["a"]),
    ("played already", [prog("a", -0.1)], {"a"}, {"a"}, []),
    ("not on disk", [prog("a", -0.1)], set(), set(), []),
    ("too late (over 15 minutes)", [prog("a", -0.3)], {"a"}, set(), []),
    ("an emergency before a programme due as well", [prog("a", -0.1), prog("e", -0.05, emergency=True)],
     {"a", "e"}, set(), ["e", "a"]),
    ("two due: the earlier first", [prog("b", -0.05), prog("a", -0.1)], {"a", "b"}, set(), ["a", "b"]),
]


@pytest.mark.parametrize(("why", "listing", "disk", "played", "expected"), DUE, ids=[d[0] for d in DUE])
def test_due(why: str, listing: list[dict[str, object]], disk: set[str], played: set[str],
             expected: list[str]) -> None:
    assert [p["id"] for p in decide.due(listing, disk, played, now=NOW, late_s=900)] == expected


@pytest.mark.parametrize(("iso", "seconds"), [("2026-11-30T12:00:00+00:00", 0.0), ("2026-11-30T12:00:00", 0.0),
                                              ("2026-11-30T12:00:00Z", 0.0), ("2026-11-30T19:00:00+07:00", 0.0),
                                              ("2026-11-30T12:00:01.500000+00:00", 1.5)])
def test_server_times_without_a_zone_are_utc(iso: str, seconds: float) -> None:
    assert decide.epoch(iso) - NOW == seconds


def test_a_token_may_begin_with_a_dash() -> None:
    from bantin_relay import cli

    args = cli.parser().parse_args(cli.joined(["init", "--server", "http://x", "--token", "-Ab_9", "--dir", "d"]))
    assert (args.token, args.dir) == ("-Ab_9", "d")


WARNINGS = [
    # state, queued receipts -> the words each warning starts with
    ({"last_sync": decide.iso(NOW - 60), "clock_offset_s": 12.0}, 0, []),
    ({"last_sync": decide.iso(NOW - 60), "clock_offset_s": -31.0}, 0, ["clock is -31 s"]),
    ({"last_sync": decide.iso(NOW - 60), "clock_offset_s": 45.0}, 2, ["clock is +45 s", "2 receipt(s)"]),
    ({}, 0, ["never synced"]),
    ({"last_sync": decide.iso(NOW - 3 * HOUR), "last_error": "refused"}, 0, ["last successful sync"]),
]


@pytest.mark.parametrize(("state", "queued", "starts"), WARNINGS)
def test_status_warnings(state: dict[str, object], queued: int, starts: list[str]) -> None:
    from bantin_relay import status

    said = status.warnings(state, queued, NOW, poll_s=30)
    assert len(said) == len(starts) and all(w.startswith(s) for w, s in zip(said, starts, strict=True)), said
