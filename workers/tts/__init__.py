"""Registry of speech engines by name, imported lazily so a missing extra only hurts its engine."""

from __future__ import annotations

import difflib
import importlib
from functools import cache

from workers.tts.base import Engine, EngineError, EngineUnavailable, Speech, Voice

__all__ = ["Engine", "EngineError", "EngineUnavailable", "Speech", "Voice", "ENGINES", "get_engine"]

# name -> ("module:Class", extra that provides its dependencies)
ENGINES: dict[str, tuple[str, str]] = {
    "gtts": ("workers.tts.gtts:GttsEngine", "bantin"),
    "espeak": ("workers.tts.espeak:EspeakEngine", "bantin"),
    "piper": ("workers.tts.piper:PiperEngine", "bantin[piper]"),
    "fptai": ("workers.tts.fptai:FptAiEngine", "bantin"),
    "viettel": ("workers.tts.viettel:ViettelEngine", "bantin"),
    "vbee": ("workers.tts.vbee:VbeeEngine", "bantin"),
    "google": ("workers.tts.google_cloud:GoogleCloudEngine", "bantin[google]"),
}


@cache
def get_engine(name: str) -> Engine:
    """The engine registered as name; a clear error for typos and missing extras."""
    if name not in ENGINES:
        close = difflib.get_close_matches(name, ENGINES, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise EngineError(f"Unknown speech engine {name!r}.{hint} Known: {', '.join(sorted(ENGINES))}.")
    target, extra = ENGINES[name]
    module_name, class_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineUnavailable(
            f"Engine {name!r} needs an optional dependency ({exc.name}); install it with "
            f"pip install '{extra}'."
        ) from exc
    engine: Engine = getattr(module, class_name)()
    return engine
