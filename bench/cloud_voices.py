"""The paid cloud voices against their local fakes with realistic latency (FPT.AI's audio link and Vbee's
request ready 2 s after the request; Viettel AI and Google Cloud 300 ms a request): the seed article on two
Celery workers against the same engine called piece after piece, and the characters each provider would bill."""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.procs import environment
from bench.table import Row
from bench.text import SEED
from bench.voices import bantin_seconds
from tests.fakes import fpt_tts, google_cloud_tts, vbee_tts, viettel_tts
from tests.fakes.cloud import FakeCloud

# The bench raises the per-engine rate limits (defaults 5 and 10 a second) to what a paid plan allows, so
# that the figure measures bantin's concurrency rather than the limit.
PROVIDERS: dict[str, tuple[Callable[[], FakeCloud], dict[str, str]]] = {
    "fptai": (lambda: fpt_tts.FakeFpt(ready_after=2.0),
              {"BANTIN_FPTAI_BASE_URL": "{url}", "BANTIN_FPTAI_API_KEY": fpt_tts.API_KEY,
               "BANTIN_FPTAI_RATE_PER_S": "20", "BANTIN_FPTAI_POLL_INTERVAL_S": "0.25"}),
    "viettel": (lambda: viettel_tts.FakeViettel(latency=0.3),
                {"BANTIN_VIETTEL_BASE_URL": "{url}", "BANTIN_VIETTEL_TOKEN": viettel_tts.TOKEN,
                 "BANTIN_VIETTEL_RATE_PER_S": "20"}),
    "vbee": (lambda: vbee_tts.FakeVbee(ready_after=2.0),
             {"BANTIN_VBEE_BASE_URL": "{url}", "BANTIN_VBEE_APP_ID": vbee_tts.APP_ID,
              "BANTIN_VBEE_TOKEN": vbee_tts.TOKEN, "BANTIN_VBEE_RATE_PER_S": "20",
              "BANTIN_VBEE_POLL_INTERVAL_S": "0.25"}),
    "google": (lambda: google_cloud_tts.FakeGoogleCloud(latency=0.3),
               {"BANTIN_GOOGLE_CLOUD_ENDPOINT": "{url}", "BANTIN_GOOGLE_CLOUD_API_KEY": google_cloud_tts.API_KEY,
                "BANTIN_GOOGLE_CLOUD_RATE_PER_S": "20"}),
}


def sequential_seconds(name: str, settings: dict[str, str]) -> tuple[float, int]:
    """The same pieces bantin plans, spoken by the engine one after another in this process."""
    from service import running_order
    from service.settings import get_settings
    from service.storage import get_storage
    from service.text.script import build_script
    from workers.pipeline import plan
    from workers.tts import get_engine
    from workers.tts.voices import profile_for

    with environment(**settings):
        config = get_settings()
        the_plan = plan([build_script(SEED.read_text(encoding="utf-8"))], config,
                        running_order.for_station(config, get_storage(config)))
        engine = get_engine(name)
        start = time.perf_counter()
        for piece in the_plan.pieces:
            engine.synthesize(piece.text, profile_for(name, piece.role).voice)
        return time.perf_counter() - start, len(the_plan.pieces)


def rows(fallbacks: tuple[str, ...] = ("gtts,espeak", "espeak")) -> list[Row]:
    """Per engine and chain: behind it gTTS and espeak (the README's chain; pieces of at most gTTS's 100
    characters) or espeak alone (pieces up to the engine's own limit, mostly one per paragraph)."""
    out = []
    for name, (make, env) in PROVIDERS.items():
        for rest in fallbacks:
            with make() as fake:
                settings = {**{k: v.format(url=fake.url) for k, v in env.items()}, "BANTIN_ENGINES": f"{name},{rest}",
                            "BANTIN_GTTS_BASE_URL": "http://127.0.0.1:9"}  # the fallback is never reached
                sequential, pieces = sequential_seconds(name, settings)
                parallel, requests, engines, billed = bantin_seconds(fake, settings=settings)
            out.append(Row(f"seed on {name},{rest}, 2 workers ({requests} req, {billed.get(name, 0):,} chars billed)",
                           parallel, f"{name} sequential ({pieces} pieces)", sequential, "s",
                           f"ratio <= 0.167 (6x); {name} spoke {engines.get(name, 0)}/{sum(engines.values())}"))
    return out


if __name__ == "__main__":
    from bench.table import render
    from tests import guard

    guard.install()
    print(render(rows()))
