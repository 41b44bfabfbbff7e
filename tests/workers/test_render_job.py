"""A render job carried out in-process: database rows, the stored MP3, the cache on re-render."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.audio import decoded_seconds

ARTICLE = """Xã Yên Lộc ra quân làm đường

Sáng nay, HTX Yên Lộc ra quân làm đường giao thông.

Xã sẽ làm mới 5 km đường trong năm nay.

Bà con đã hiến hơn 2.000 m2 đất.
"""


def _new_job(text: str = ARTICLE) -> str:
    from service import articles
    from service.db import session_scope
    from service.lexicon import station_speaker

    with session_scope() as session:
        article = articles.create_article(session, text=text, title=None, speak=station_speaker(session, None))
        return articles.create_job(session, article_id=article.id).id


def _job(job_id: str):  # type: ignore[no-untyped-def]
    from service.db import session_scope
    from service.models import Job

    with session_scope() as session:
        return session.get(Job, job_id)


def test_job_makes_one_programme_and_is_idempotent(settings_env: dict[str, str]) -> None:
    from service.db import session_scope
    from service.models import Recording
    from service.settings import get_settings
    from workers import render_job

    job_id = _new_job()
    programme_id = render_job.run(job_id)
    job = _job(job_id)
    assert (job.state, job.progress, job.programme_id) == ("done", 100, programme_id)
    assert job.result["engines"] == {"espeak": 4}
    assert render_job.run(job_id) == programme_id  # a redelivered message does no harm
    with session_scope() as session:
        programmes = session.query(Recording).all()
        assert len(programmes) == 1
        mp3 = get_settings().audio_root / programmes[0].audio_key
        assert decoded_seconds(mp3) == pytest.approx(programmes[0].duration_s, rel=0.01)
        assert programmes[0].sidecar["sha256"] == programmes[0].sha256


def test_rerender_uses_the_cache_and_the_new_lexicon(settings_env: dict[str, str]) -> None:
    from service import lexicon
    from service.db import session_scope
    from workers import render_job

    render_job.run(_new_job())
    again = _new_job()
    render_job.run(again)
    assert (_job(again).result["cache_hits"], _job(again).result["cache_misses"]) == (4, 0)

    with session_scope() as session:
        lexicon.add(session, None, term="HTX", spoken="hợp tác xã dịch vụ")
    after = _new_job()
    render_job.run(after)
    # Only the paragraph that contains the new entry is spoken again.
    assert (_job(after).result["cache_hits"], _job(after).result["cache_misses"]) == (3, 1)


def test_unwritable_storage_fails_the_job_with_a_message(settings_env: dict[str, str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from service import settings as settings_module
    from workers import render_job

    job_id = _new_job()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the audio folder should be")
    monkeypatch.setenv("BANTIN_AUDIO_DIR", str(blocked))
    settings_module.get_settings.cache_clear()
    with pytest.raises(Exception, match="audio storage|Not a directory"):
        render_job.run(job_id)
    job = _job(job_id)
    assert job.state == "failed"
    assert "Render failed" in job.error
    assert job.programme_id is None


@contextmanager
def _planned(monkeypatch: pytest.MonkeyPatch, **env: str) -> Iterator[tuple[str, list[list[int]]]]:
    """A job planned with gTTS pointed at its local fake (and these settings): its id and its batches of parts."""
    from tests.conftest import _clear_caches
    from tests.fakes.google_tts import FakeGoogle
    from workers import render_job

    with FakeGoogle() as google:
        for key, value in {**env, "BANTIN_GTTS_BASE_URL": google.url}.items():
            monkeypatch.setenv(key, value)
        _clear_caches()
        job_id = _new_job()
        batches = render_job.start(job_id)
        assert batches
        yield job_id, batches


@pytest.mark.parametrize(("engines", "encoded_by_the_segment_task"), [("espeak", 1), ("gtts", 0)])
def test_a_part_spoken_offline_is_encoded_by_its_segment_task(settings_env: dict[str, str],
                                                              monkeypatch: pytest.MonkeyPatch, engines: str,
                                                              encoded_by_the_segment_task: int) -> None:
    from service.settings import get_settings
    from workers import render_job

    with _planned(monkeypatch, BANTIN_ENGINES=engines, BANTIN_GTTS_RATE_PER_S="1000") as (job_id, batches):
        segments = [segment for batch in batches for segment in batch]

        def encoded() -> int:
            return len(list((get_settings().audio_root / "parts").rglob("*.mp3")))

        # An offline voice keeps the worker's CPU busy anyway: the part is encoded at once. A worker
        # that waited on the network leaves encoding to assembly and takes the next requests.
        render_job.speak_segment(job_id, segments[0])
        assert encoded() == encoded_by_the_segment_task
        for segment in segments[1:]:
            render_job.speak_segment(job_id, segment)
        assert render_job.finish(job_id)
        assert encoded() == len(_job(job_id).result["plan"]["parts"])
        assert _job(job_id).result["engines"] == {engines: len(_job(job_id).result["plan"]["pieces"])}


def _pieces(count: int, size: int) -> list[str]:
    return ["x" * size] * count


@pytest.mark.parametrize(("todo", "threads", "expected"), [
    # offline: a minute or two of speech a task, never a short part alone
    ({0: _pieces(1, 400), 1: _pieces(3, 300), 2: _pieces(1, 600), 3: _pieces(1, 1300), 4: _pieces(1, 100)}, 1,
     [[0, 1], [2, 3], [4]]),
    ({0: _pieces(1, 2000), 1: _pieces(1, 100), 2: _pieces(1, 100)}, 1, [[0], [1, 2]]),  # a long part is a batch alone
    ({0: _pieces(1, 300), 1: _pieces(1, 300), 2: _pieces(1, 300), 3: _pieces(1, 300)}, 1,
     [[0], [1], [2], [3]]),  # a short article: a quarter of it a task
    # network: at least `threads` pieces a task
    ({0: _pieces(1, 300), 1: _pieces(3, 300), 2: _pieces(2, 300), 3: _pieces(5, 300), 4: _pieces(1, 300)}, 4,
     [[0, 1], [2, 3], [4]]),
    ({3: _pieces(9, 300), 1: _pieces(1, 300)}, 8, [[1, 3]]),  # parts in script order, whatever order they were found in
    ({0: _pieces(20, 300), 1: _pieces(2, 300)}, 8, [[0], [1]]),
    ({}, 8, []),
])
def test_batches_hold_enough_speech_for_a_task(todo: dict[int, list[str]], threads: int,
                                                expected: list[list[int]]) -> None:
    from workers import render_job

    assert render_job.batches(todo, threads) == expected


def test_a_network_voice_sends_several_parts_a_task(settings_env: dict[str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from workers import render_job

    with _planned(monkeypatch, BANTIN_ENGINES="gtts,espeak", BANTIN_SYNTH_CONCURRENCY="6") as (job_id, batches):
        pieces = _job(job_id).result["plan"]["pieces"]
        per_batch = [sum(1 for p in pieces if p["part"] in batch) for batch in batches]
        assert all(count >= 6 for count in per_batch[:-1]), per_batch
        assert len(batches) < len({p["part"] for p in pieces})
        for batch in batches:
            render_job.speak_segments(job_id, batch)
        assert render_job.finish(job_id)
        assert _job(job_id).state == "done"


def _redis_restart() -> Exception:
    import redis

    return redis.ConnectionError("Connection closed by server.")


@pytest.mark.parametrize(("errors", "tries", "state", "message"), [
    ([], 1, "done", None),
    # Redis restarted mid-batch (every client's connection dropped): the batch is tried again.
    ([_redis_restart()], 2, "done", None),
    ([_redis_restart(), OSError("disk busy"), _redis_restart()], 4, "done", None),
    # A fault that stays: the job fails with its reason rather than retrying forever.
    ([_redis_restart()] * 4, 4, "failed", "Connection closed by server."),
    # Not a hiccup of the machinery: no point in trying again.
    ([ValueError("the plan names no such part")], 1, "failed", "the plan names no such part"),
])
def test_a_segment_task_tries_again_after_a_transient_fault(settings_env: dict[str, str],
                                                            monkeypatch: pytest.MonkeyPatch, errors: list[Exception],
                                                            tries: int, state: str, message: str | None) -> None:
    from workers import render_job, tasks

    real = render_job.speak_segments
    calls: list[list[int]] = []

    def faulty(job_id: str, segments: list[int], **kwargs: object) -> None:
        calls.append(segments)
        if len(calls) <= len(errors):
            real(job_id, segments[:1])  # some of the batch was spoken before the fault
            raise errors[len(calls) - 1]
        real(job_id, segments)

    with _planned(monkeypatch, BANTIN_ENGINES="gtts", BANTIN_GTTS_RATE_PER_S="1000") as (job_id, batches):
        monkeypatch.setattr(render_job, "speak_segments", faulty)
        for batch in batches:
            tasks.speak_segment.apply(args=(job_id, batch))
        job = _job(job_id)
        assert job.state == state, job.error
        if message:
            assert message in (job.error or "")
        assert calls.count(batches[0]) == tries
